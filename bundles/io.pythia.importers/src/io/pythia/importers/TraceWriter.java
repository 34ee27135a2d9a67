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

	/** A span rebuilt from its entry and exit events (or a point event, of zero duration). */
	private record Span(String id, String parentId, long start, long end, String tracepoint, Attributes attributes) {
	}

	public static void writeJaeger(List<Trace> traces, OutputStream out) throws IOException {
		try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
			g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			g.useDefaultPrettyPrinter();
			g.writeStartObject();
			g.writeArrayFieldStart("data");
			for (Trace t : traces) {
				String traceId = hexId(t.id(), 16);
				Map<String, String> processes = new LinkedHashMap<>();
				g.writeStartObject();
				g.writeStringField("traceID", traceId);
				g.writeArrayFieldStart("spans");
				for (Span s : spans(t, traceId)) {
					String service = s.attributes().service().isEmpty() ? "unknown" : s.attributes().service();
					String pid = processes.computeIfAbsent(service, k -> "p" + (processes.size() + 1));
					g.writeStartObject();
					g.writeStringField("traceID", traceId);
					g.writeStringField("spanID", s.id());
					g.writeStringField("operationName", operation(s));
					g.writeArrayFieldStart("references");
					if (s.parentId() != null) {
						g.writeStartObject();
						g.writeStringField("refType", "CHILD_OF");
						g.writeStringField("traceID", traceId);
						g.writeStringField("spanID", s.parentId());
						g.writeEndObject();
					}
					g.writeEndArray();
					g.writeNumberField("startTime", s.start() / 1000);
					g.writeNumberField("duration", (s.end() - s.start()) / 1000);
					g.writeArrayFieldStart("tags");
					for (var tag : s.attributes().tags().entrySet()) {
						g.writeStartObject();
						g.writeStringField("key", tag.getKey());
						g.writeStringField("type", "string");
						g.writeStringField("value", tag.getValue());
						g.writeEndObject();
					}
					g.writeEndArray();
					g.writeArrayFieldStart("logs");
					g.writeEndArray();
					g.writeStringField("processID", pid);
					g.writeNullField("warnings");
					g.writeEndObject();
				}
				g.writeEndArray();
				g.writeObjectFieldStart("processes");
				for (var p : processes.entrySet()) {
					g.writeObjectFieldStart(p.getValue());
					g.writeStringField("serviceName", p.getKey());
					g.writeArrayFieldStart("tags");
					g.writeEndArray();
					g.writeEndObject();
				}
				g.writeEndObject();
				g.writeNullField("warnings");
				g.writeEndObject();
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
				Map<String, List<Span>> byService = new LinkedHashMap<>();
				for (Span s : spans(t, traceId)) {
					byService.computeIfAbsent(s.attributes().service().isEmpty() ? "unknown" : s.attributes().service(),
							k -> new ArrayList<>()).add(s);
				}
				for (var e : byService.entrySet()) {
					g.writeStartObject();
					g.writeObjectFieldStart("resource");
					g.writeArrayFieldStart("attributes");
					attribute(g, "service.name", e.getKey());
					g.writeEndArray();
					g.writeEndObject();
					g.writeArrayFieldStart("scopeSpans");
					g.writeStartObject();
					g.writeObjectFieldStart("scope");
					g.writeStringField("name", "pythia-lean-export");
					g.writeEndObject();
					g.writeArrayFieldStart("spans");
					for (Span s : e.getValue()) {
						g.writeStartObject();
						g.writeStringField("traceId", traceId);
						g.writeStringField("spanId", s.id());
						if (s.parentId() != null) {
							g.writeStringField("parentSpanId", s.parentId());
						}
						g.writeStringField("name", operation(s));
						g.writeNumberField("kind", 1);
						g.writeStringField("startTimeUnixNano", Long.toString(s.start()));
						g.writeStringField("endTimeUnixNano", Long.toString(s.end()));
						g.writeArrayFieldStart("attributes");
						for (var tag : s.attributes().tags().entrySet()) {
							attribute(g, tag.getKey(), tag.getValue());
						}
						g.writeEndArray();
						g.writeEndObject();
					}
					g.writeEndArray();
					g.writeEndObject();
					g.writeEndArray();
					g.writeEndObject();
				}
			}
			g.writeEndArray();
			g.writeEndObject();
			g.writeRaw('\n');
		}
	}

	/** The operation as the tracepoint id reads it back: "service:operation" must survive the round trip. */
	private static String operation(Span s) {
		String service = s.attributes().service().isEmpty() ? "unknown" : s.attributes().service();
		return s.tracepoint().startsWith(service + ":") ? s.tracepoint().substring(service.length() + 1) : s.tracepoint();
	}

	private static void attribute(JsonGenerator g, String key, String value) throws IOException {
		g.writeStartObject();
		g.writeStringField("key", key);
		g.writeObjectFieldStart("value");
		g.writeStringField("stringValue", value);
		g.writeEndObject();
		g.writeEndObject();
	}

	/** Spans of a trace (without a synthetic root), parents being the nearest kept calling contexts. */
	private static List<Span> spans(Trace t, String traceId) {
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
		List<Span> out = new ArrayList<>(times.size());
		for (var e : times.entrySet()) {
			long[] s = e.getValue();
			int entry = (int) Math.max(0, s[0]);
			int context = s[0] < 0 ? -1 : t.enclosing(entry);
			String parent = context < 0 || SpanTraceAssembler.SYNTHETIC_ROOT.equals(t.tracepoint(context)) ? null
					: ids.get(t.span(context));
			out.add(new Span(ids.get(e.getKey()), parent, s[1] == Long.MAX_VALUE ? s[2] : s[1], s[2],
					t.tracepoint(entry), t.attributes(entry)));
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
