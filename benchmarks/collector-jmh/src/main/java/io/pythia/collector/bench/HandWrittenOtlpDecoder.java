// SPDX-License-Identifier: EPL-2.0
package io.pythia.collector.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;

/**
 * The hand-written decoder the importers had before they used opentelemetry-proto's generated classes, kept here as
 * what {@link OtlpDecodeBenchmark} compares them with. It decodes an OTLP ExportTraceServiceRequest by field numbers of
 * opentelemetry/proto/trace/v1/trace.proto: ResourceSpans(resource=1, scope_spans=2, the deprecated
 * instrumentation_library_spans=1000), Resource(attributes=1), ScopeSpans(spans=2), Span(trace_id=1, span_id=2,
 * parent_span_id=4, name=5, kind=6, start=7, end=8, attributes=9), KeyValue(key=1, value=2), AnyValue(string=1,
 * bool=2, int=3, double=4). Unknown fields are skipped, as protobuf requires.
 */
final class HandWrittenOtlpDecoder {

	/** Input that is not a well-formed message; the message names the byte offset. */
	public static final class Malformed extends Exception {
		private static final long serialVersionUID = 1L;

		Malformed(String message) {
			super(message);
		}
	}

	private final Interner interner;

	HandWrittenOtlpDecoder(Interner interner) {
		this.interner = interner;
	}

	public void read(byte[] body, BiConsumer<String, SpanInput> spans) throws Malformed {
		Cursor c = new Cursor(body, 0, body.length);
		while (c.more()) {
			int tag = c.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				resourceSpans(c.sub(), spans);
			} else {
				c.skip(tag);
			}
		}
	}

	private void resourceSpans(Cursor c, BiConsumer<String, SpanInput> out) throws Malformed {
		Map<String, String> resource = Map.of();
		List<Cursor> scopes = new ArrayList<>();
		while (c.more()) {
			int tag = c.tag();
			int field = tag >>> 3;
			if (field == 1 && (tag & 7) == 2) {
				Cursor r = c.sub();
				Map<String, String> attrs = new HashMap<>();
				while (r.more()) {
					int t = r.tag();
					if (t >>> 3 == 1 && (t & 7) == 2) {
						keyValue(r.sub(), attrs);
					} else {
						r.skip(t);
					}
				}
				resource = attrs;
			} else if ((field == 2 || field == 1000) && (tag & 7) == 2) {
				scopes.add(c.sub()); // the resource may come after its spans: read them once it is known
			} else {
				c.skip(tag);
			}
		}
		String service = interner.intern(resource.getOrDefault("service.name", "unknown"));
		String host = resource.getOrDefault("host.name", "");
		for (Cursor s : scopes) {
			while (s.more()) {
				int tag = s.tag();
				if (tag >>> 3 == 2 && (tag & 7) == 2) {
					span(s.sub(), service, host, out);
				} else {
					s.skip(tag);
				}
			}
		}
	}

	private void span(Cursor c, String service, String host, BiConsumer<String, SpanInput> out) throws Malformed {
		String traceId = null;
		String spanId = null;
		String parent = null;
		String name = "";
		long start = 0;
		long end = 0;
		Map<String, String> attrs = new HashMap<>();
		while (c.more()) {
			int tag = c.tag();
			switch (tag >>> 3) {
			case 1 -> traceId = hex(c.bytes(tag));
			case 2 -> spanId = hex(c.bytes(tag));
			case 4 -> {
				byte[] p = c.bytes(tag);
				parent = p.length == 0 ? null : hex(p);
			}
			case 5 -> name = c.string(tag);
			case 6 -> attrs.put("span.kind", Long.toString(c.varint(tag)));
			case 7 -> start = c.fixed64(tag);
			case 8 -> end = c.fixed64(tag);
			case 9 -> {
				if ((tag & 7) != 2) {
					throw c.malformed("attributes must be length-delimited");
				}
				keyValue(c.sub(), attrs);
			}
			default -> c.skip(tag);
			}
		}
		if (traceId == null || spanId == null) {
			throw c.malformed("a span without trace_id or span_id");
		}
		String op = interner.intern(name);
		out.accept(traceId, new SpanInput(spanId, parent, start, end >= start && end > 0 ? end - start
				: SpanInput.UNKNOWN_DURATION, interner.intern(service + ":" + op), new Attributes(service, host, op, attrs)));
	}

	private void keyValue(Cursor c, Map<String, String> into) throws Malformed {
		String key = null;
		String value = "";
		while (c.more()) {
			int tag = c.tag();
			if (tag >>> 3 == 1) {
				key = c.string(tag);
			} else if (tag >>> 3 == 2 && (tag & 7) == 2) {
				Cursor v = c.sub();
				while (v.more()) {
					int t = v.tag();
					switch (t >>> 3) {
					case 1 -> value = v.string(t);
					case 2 -> value = Boolean.toString(v.varint(t) != 0);
					case 3 -> value = Long.toString(v.varint(t));
					case 4 -> value = Double.toString(Double.longBitsToDouble(v.fixed64(t)));
					default -> v.skip(t);
					}
				}
			} else {
				c.skip(tag);
			}
		}
		if (key != null) {
			into.put(interner.intern(key), value);
		}
	}

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static String hex(byte[] bytes) {
		char[] out = new char[bytes.length * 2];
		for (int i = 0; i < bytes.length; i++) {
			out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
			out[2 * i + 1] = HEX[bytes[i] & 0xf];
		}
		return new String(out);
	}

	/** A window of the message being decoded. */
	private static final class Cursor {
		private final byte[] b;
		private int pos;
		private final int end;

		Cursor(byte[] b, int pos, int end) {
			this.b = b;
			this.pos = pos;
			this.end = end;
		}

		boolean more() {
			return pos < end;
		}

		int tag() throws Malformed {
			long t = varint();
			if (t <= 0 || t > Integer.MAX_VALUE) {
				throw malformed("bad field tag " + t);
			}
			return (int) t;
		}

		long varint() throws Malformed {
			long v = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				if (pos >= end) {
					throw malformed("message ends inside a number");
				}
				byte x = b[pos++];
				v |= (long) (x & 0x7f) << shift;
				if (x >= 0) {
					return v;
				}
			}
			throw malformed("number longer than 10 bytes");
		}

		long varint(int tag) throws Malformed {
			if ((tag & 7) != 0) {
				throw malformed("field " + (tag >>> 3) + " should be a varint");
			}
			return varint();
		}

		long fixed64(int tag) throws Malformed {
			if ((tag & 7) != 1) {
				throw malformed("field " + (tag >>> 3) + " should be fixed64");
			}
			if (end - pos < 8) {
				throw malformed("message ends inside a fixed64");
			}
			long v = 0;
			for (int i = 7; i >= 0; i--) {
				v = v << 8 | (b[pos + i] & 0xff);
			}
			pos += 8;
			return v;
		}

		byte[] bytes(int tag) throws Malformed {
			Cursor s = sub(tag);
			byte[] out = java.util.Arrays.copyOfRange(b, s.pos, s.end);
			return out;
		}

		String string(int tag) throws Malformed {
			Cursor s = sub(tag);
			return new String(b, s.pos, s.end - s.pos, StandardCharsets.UTF_8);
		}

		Cursor sub() throws Malformed {
			long len = varint();
			if (len < 0 || len > end - pos) {
				throw malformed("length " + len + " runs past the end");
			}
			Cursor s = new Cursor(b, pos, pos + (int) len);
			pos += (int) len;
			return s;
		}

		private Cursor sub(int tag) throws Malformed {
			if ((tag & 7) != 2) {
				throw malformed("field " + (tag >>> 3) + " should be length-delimited");
			}
			return sub();
		}

		void skip(int tag) throws Malformed {
			switch (tag & 7) {
			case 0 -> varint();
			case 1 -> {
				if (end - pos < 8) {
					throw malformed("message ends inside a fixed64");
				}
				pos += 8;
			}
			case 2 -> sub();
			case 5 -> {
				if (end - pos < 4) {
					throw malformed("message ends inside a fixed32");
				}
				pos += 4;
			}
			default -> throw malformed("unsupported wire type " + (tag & 7));
			}
		}

		Malformed malformed(String message) {
			return new Malformed("at byte " + pos + ": " + message);
		}
	}
}
