// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.importers.internal.OtlpProtobuf;
import io.pythia.importers.internal.Readers;

/**
 * OTLP export requests read span by span, for a collector that assembles traces from many requests: as JSON (the
 * OTLP/HTTP JSON encoding) or as protobuf (the binary encoding). Each span is handed over with its trace id.
 */
public final class OtlpSpans {

	private OtlpSpans() {
	}

	public static void readJson(String source, InputStream in, Interner interner, BiConsumer<String, SpanInput> spans)
			throws IOException, TraceFormatException {
		Readers.readOtlpSpans(source, in, interner, spans);
	}

	/** @throws TraceFormatException naming the byte offset of malformed protobuf */
	public static void readProtobuf(String source, byte[] body, Interner interner, BiConsumer<String, SpanInput> spans)
			throws TraceFormatException {
		try {
			new OtlpProtobuf(interner).read(body, spans);
		} catch (OtlpProtobuf.Malformed e) {
			throw new TraceFormatException(source + ": malformed OTLP protobuf: " + e.getMessage(), e);
		}
	}
}
