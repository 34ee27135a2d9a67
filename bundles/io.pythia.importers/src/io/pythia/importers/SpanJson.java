// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

/** Writes spans in the span formats Pythia reads back: one Jaeger trace object, or OTLP resourceSpans. */
public final class SpanJson {

	/**
	 * A span to write.
	 *
	 * @param id         span id (16 hex digits)
	 * @param parentId   parent span id, or null for a root
	 * @param service    service name
	 * @param operation  operation name
	 * @param startNanos start, ns since the epoch
	 * @param endNanos   end, ns since the epoch
	 * @param tags       tags as strings
	 */
	public record Span(String id, String parentId, String service, String operation, long startNanos, long endNanos,
			Map<String, String> tags) {
	}

	private SpanJson() {
	}

	/** One Jaeger trace object ({"traceID", "spans", "processes"}), times in microseconds. */
	public static void writeJaegerTrace(JsonGenerator g, String traceId, List<Span> spans) throws IOException {
		Map<String, String> processes = new LinkedHashMap<>();
		g.writeStartObject();
		g.writeStringField("traceID", traceId);
		g.writeArrayFieldStart("spans");
		for (Span s : spans) {
			String pid = processes.computeIfAbsent(s.service(), k -> "p" + (processes.size() + 1));
			g.writeStartObject();
			g.writeStringField("traceID", traceId);
			g.writeStringField("spanID", s.id());
			g.writeStringField("operationName", s.operation());
			g.writeArrayFieldStart("references");
			if (s.parentId() != null) {
				g.writeStartObject();
				g.writeStringField("refType", "CHILD_OF");
				g.writeStringField("traceID", traceId);
				g.writeStringField("spanID", s.parentId());
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeNumberField("startTime", s.startNanos() / 1000);
			g.writeNumberField("duration", (s.endNanos() - s.startNanos()) / 1000);
			g.writeArrayFieldStart("tags");
			for (var tag : s.tags().entrySet()) {
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
		g.writeEndObject();
	}

	/** The OTLP resourceSpans elements of one trace, one per service (trace id: 32 hex digits). */
	public static void writeOtlpResourceSpans(JsonGenerator g, String traceId, List<Span> spans, String scope)
			throws IOException {
		Map<String, List<Span>> byService = new LinkedHashMap<>();
		for (Span s : spans) {
			byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s);
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
			g.writeStringField("name", scope);
			g.writeEndObject();
			g.writeArrayFieldStart("spans");
			for (Span s : e.getValue()) {
				g.writeStartObject();
				g.writeStringField("traceId", traceId);
				g.writeStringField("spanId", s.id());
				if (s.parentId() != null) {
					g.writeStringField("parentSpanId", s.parentId());
				}
				g.writeStringField("name", s.operation());
				g.writeNumberField("kind", 1);
				g.writeStringField("startTimeUnixNano", Long.toString(s.startNanos()));
				g.writeStringField("endTimeUnixNano", Long.toString(s.endNanos()));
				g.writeArrayFieldStart("attributes");
				for (var tag : s.tags().entrySet()) {
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

	private static void attribute(JsonGenerator g, String key, String value) throws IOException {
		g.writeStartObject();
		g.writeStringField("key", key);
		g.writeObjectFieldStart("value");
		g.writeStringField("stringValue", value);
		g.writeEndObject();
		g.writeEndObject();
	}
}
