// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceFormat;

/** Runs the reader of a format over a stream, turning parser errors into messages with file, line and column. */
public final class Readers {

	// Jaeger UI downloads nest parent spans inside references, one level per ancestor: allow deep nesting
	static final JsonFactory JSON = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build()).build();

	private Readers() {
	}

	/**
	 * Reads OTLP/JSON export requests span by span, for a collector that assembles traces itself.
	 *
	 * @throws TraceFormatException naming the line and column of malformed input
	 */
	public static void readOtlpSpans(String source, InputStream in, Interner interner,
			java.util.function.BiConsumer<String, io.pythia.core.trace.SpanInput> spans)
			throws IOException, TraceFormatException {
		OtlpReader reader = new OtlpReader(source, io.pythia.core.trace.TraceSink.of(t -> {
		}, w -> {
		}), interner);
		try (JsonParser p = JSON.createParser(in)) {
			reader.readSpans(p, spans);
		} catch (JsonProcessingException e) {
			JsonLocation loc = e.getLocation();
			String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
			throw new TraceFormatException(source + ": " + where + "malformed OTLP/JSON: " + e.getOriginalMessage(), e);
		} catch (TraceFormatException e) {
			throw new TraceFormatException(source + ": " + e.getMessage(), e);
		}
	}

	/** Opens an input again from its start (a file, unlike a pipe or a request body). */
	public interface Reopen {
		InputStream open() throws IOException;
	}

	public static void read(TraceFormat format, String source, InputStream in, TraceSink sink, Interner interner)
			throws IOException, TraceFormatException {
		read(format, source, in, sink, interner, null);
	}

	/**
	 * Reads {@code in}; with {@code reopen}, a bad line of NDJSON is reported and the input opened again after it
	 * (see {@link FormatReader#readDocuments}), else an error ends the input.
	 */
	public static void read(TraceFormat format, String source, InputStream in, TraceSink sink, Interner interner,
			Reopen reopen) throws IOException, TraceFormatException {
		if (format == TraceFormat.ALIBABA) {
			try {
				new AlibabaCsvReader(sink, interner)
						.read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
			} catch (TraceFormatException e) {
				throw new TraceFormatException(source + ": " + e.getMessage(), e);
			}
			return;
		}
		FormatReader reader = switch (format) {
		case JAEGER -> new JaegerReader(source, sink, interner);
		case JAEGER_MODEL -> new JaegerModelReader(source, sink, interner);
		case ZIPKIN -> new ZipkinReader(source, sink, interner);
		case OTLP -> new OtlpReader(source, sink, interner);
		case OSPROFILER -> new OsProfilerReader(source, sink, interner);
		case OSPROFILER_EVENTS -> new OsProfilerEventsReader(source, sink, interner);
		case XTRACE -> new XTraceReader(source, sink, interner);
		case ALIBABA -> throw new IllegalStateException("handled above");
		};
		// the JSON is tokenized on a thread of its own, ahead of the reader (see TokenTape)
		try (JsonParser json = JSON.createParser(in); JsonParser p = TapeParser.over(json, reopen)) {
			reader.read(p);
		} catch (JsonProcessingException e) {
			JsonLocation loc = e.getLocation();
			String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
			throw new TraceFormatException(source + ": " + where + "malformed " + format.description() + ": "
					+ e.getOriginalMessage(), e);
		} catch (TraceFormatException e) {
			throw new TraceFormatException(source + ": " + e.getMessage(), e);
		}
	}
}
