// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/**
 * Writes traces back out as spans: Jaeger JSON ({"data": [...]}, which Jaeger's UI opens) or OTLP/JSON. Used for
 * lean traces: a trace restricted to some tracepoints keeps its span nesting (a span's parent is its nearest kept
 * calling context) and its timing. Span ids are derived from the trace id and the span's position, since the model
 * keeps the structure, not the producer's ids.
 */
public final class TraceWriter {

	private static final JsonFactory JSON = new JsonFactory();

	private TraceWriter() {
	}

	public static void writeJaeger(List<Trace> traces, OutputStream out) throws IOException {
		try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
			g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			g.useDefaultPrettyPrinter();
			g.writeStartObject();
			g.writeArrayFieldStart("data");
			for (Trace t : traces) {
				String traceId = hexId(t.id(), 16);
				SpanJson.writeJaegerTrace(g, traceId, spans(t, traceId));
			}
			g.writeEndArray();
			g.writeEndObject();
			g.writeRaw('\n');
		}
	}

	public static void writeOtlp(List<Trace> traces, OutputStream out) throws IOException {
		try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
			g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			g.useDefaultPrettyPrinter();
			g.writeStartObject();
			g.writeArrayFieldStart("resourceSpans");
			for (Trace t : traces) {
				String traceId = hexId(t.id(), 32);
				SpanJson.writeOtlpResourceSpans(g, traceId, spans(t, traceId), "pythia-lean-export");
			}
			g.writeEndArray();
			g.writeEndObject();
			g.writeRaw('\n');
		}
	}

	/** Spans of a trace (without a synthetic root), parents being the nearest kept calling contexts. */
	private static List<SpanJson.Span> spans(Trace t, String traceId) {
		Map<Integer, long[]> times = new LinkedHashMap<>(); // span slot -> {entry event, start, end}
		for (int e = 0; e < t.size(); e++) {
			if (SpanTraceAssembler.SYNTHETIC_ROOT.equals(t.tracepoint(e))) {
				continue;
			}
			long[] s = times.computeIfAbsent(t.span(e), k -> new long[] { -1, Long.MAX_VALUE, Long.MIN_VALUE });
			if (t.kind(e) != EventKind.EXIT) {
				s[0] = s[0] < 0 ? e : s[0];
				s[1] = Math.min(s[1], t.time(e));
			}
			s[2] = Math.max(s[2], t.time(e));
		}
		Map<Integer, String> ids = new HashMap<>();
		int n = 0;
		for (Integer slot : times.keySet()) {
			ids.put(slot, hexId(traceId + "/" + n++, 16));
		}
		List<SpanJson.Span> out = new ArrayList<>(times.size());
		for (var e : times.entrySet()) {
			long[] s = e.getValue();
			int entry = (int) Math.max(0, s[0]);
			int context = s[0] < 0 ? -1 : t.enclosing(entry);
			String parent = context < 0 || SpanTraceAssembler.SYNTHETIC_ROOT.equals(t.tracepoint(context)) ? null
					: ids.get(t.span(context));
			Attributes a = t.attributes(entry);
			String service = a.service().isEmpty() ? "unknown" : a.service();
			// the operation is what makes "service:operation" read back as the same tracepoint
			String tp = t.tracepoint(entry);
			String operation = tp.startsWith(service + ":") ? tp.substring(service.length() + 1) : tp;
			out.add(new SpanJson.Span(ids.get(e.getKey()), parent, service, operation,
					s[1] == Long.MAX_VALUE ? s[2] : s[1], s[2], a.tags()));
		}
		return out;
	}

	/** Lowercase hex of the given length: the id itself when it is such hex, else derived from it. */
	static String hexId(String id, int length) {
		if (id.length() <= length && id.matches("[0-9a-f]+")) {
			return "0".repeat(length - id.length()) + id;
		}
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
			StringBuilder sb = new StringBuilder();
			for (int i = 0; sb.length() < length; i++) {
				sb.append(String.format("%02x", d[i]));
			}
			return sb.substring(0, length);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
