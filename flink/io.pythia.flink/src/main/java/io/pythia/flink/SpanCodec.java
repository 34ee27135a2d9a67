// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;

/**
 * Spans as the streaming job passes them between its tasks: a compact binary form, field by field. Java
 * serialization wrote each span's class descriptors again and took most of the job's time; this form is a few
 * bytes over the strings themselves.
 */
final class SpanCodec {

	private SpanCodec() {
	}

	/** One span. */
	static byte[] encode(SpanInput span) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			write(out, span);
		} catch (IOException e) {
			throw new UncheckedIOException(e); // a byte array does not fail
		}
		return bytes.toByteArray();
	}

	/** A trace's spans, each {@link #encode}d, as one record. */
	static byte[] trace(String traceId, List<byte[]> spans) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(spans.size() * 128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writeString(out, traceId);
			out.writeInt(spans.size());
			for (byte[] s : spans) {
				out.write(s);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	/** A trace's id and spans, from its {@link #trace} record. */
	static Map.Entry<String, List<SpanInput>> decodeTrace(byte[] record, Interner interner) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
			String traceId = readString(in, null);
			int n = in.readInt();
			List<SpanInput> out = new ArrayList<>(n);
			for (int i = 0; i < n; i++) {
				out.add(read(in, interner));
			}
			return Map.entry(traceId, out);
		} catch (IOException e) {
			throw new UncheckedIOException("a span record cut short", e);
		}
	}

	/** The start of one {@link #encode}d span, without decoding the rest. */
	static long startNanos(byte[] span) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(span))) {
			skipString(in);
			skipString(in);
			return in.readLong();
		} catch (IOException e) {
			throw new UncheckedIOException("a span record cut short", e);
		}
	}

	private static void write(DataOutputStream out, SpanInput s) throws IOException {
		writeString(out, s.id());
		writeString(out, s.parentId());
		out.writeLong(s.startNanos());
		out.writeLong(s.durationNanos());
		writeString(out, s.tracepoint());
		Attributes a = s.attributes();
		writeString(out, a.service());
		writeString(out, a.host());
		writeString(out, a.operation());
		out.writeInt(a.tags().size());
		for (Map.Entry<String, String> t : a.tags().entrySet()) {
			writeString(out, t.getKey());
			writeString(out, t.getValue());
		}
	}

	private static SpanInput read(DataInputStream in, Interner interner) throws IOException {
		String id = readString(in, null);
		String parent = readString(in, null);
		long start = in.readLong();
		long duration = in.readLong();
		String tracepoint = readString(in, interner);
		String service = readString(in, interner);
		String host = readString(in, interner);
		String operation = readString(in, interner);
		int tags = in.readInt();
		Map<String, String> map = tags == 0 ? Map.of() : new LinkedHashMap<>(tags * 2);
		for (int i = 0; i < tags; i++) {
			map.put(readString(in, interner), readString(in, interner));
		}
		return new SpanInput(id, parent, start, duration, tracepoint, new Attributes(service, host, operation, map));
	}

	/** Length-prefixed UTF-8 (-1 for null): writeUTF stops at 64 KB, and a tag value may be longer. */
	private static void writeString(DataOutputStream out, String s) throws IOException {
		if (s == null) {
			out.writeInt(-1);
			return;
		}
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.writeInt(b.length);
		out.write(b);
	}

	private static String readString(DataInputStream in, Interner interner) throws IOException {
		int n = in.readInt();
		if (n < 0) {
			return null;
		}
		String s = new String(in.readNBytes(n), StandardCharsets.UTF_8);
		return interner == null ? s : interner.intern(s);
	}

	private static void skipString(DataInputStream in) throws IOException {
		int n = in.readInt();
		if (n > 0) {
			in.skipNBytes(n);
		}
	}
}
