// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a benchmark corpus: requests of four types, each a tree of 40 spans (80 events) over a dozen services,
 * with a little noise everywhere and a heavy-tailed delay on one deep span of one type, as Jaeger JSON (one
 * {"data": [...]} document) and as OTLP/JSON (one ExportTraceServiceRequest per line).
 */
final class BenchCorpus {

	static final int SPANS_PER_TRACE = 40;
	private static final String[] TYPES = { "create_server", "delete_server", "list_images", "create_volume" };
	private static final String[] SERVICES = { "api", "keystone", "scheduler", "conductor", "compute-1", "compute-2",
			"glance", "cinder", "storage-1", "storage-2", "storage-3", "neutron" };
	private static final JsonFactory JSON = new JsonFactory();

	private final Random random;

	BenchCorpus(long seed) {
		this.random = new Random(seed);
	}

	/** A span of a generated trace; times in microseconds. */
	record Span(String id, String parent, String service, String operation, long start, long duration) {
	}

	/** @return the number of events written (two per span) */
	long writeJaeger(Path file, long events) throws IOException {
		long traces = Math.max(1, events / (2L * SPANS_PER_TRACE));
		try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
				JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
			g.writeStartObject();
			g.writeArrayFieldStart("data");
			for (long t = 0; t < traces; t++) {
				String traceId = String.format("%016x", t + 1);
				List<Span> spans = trace(t);
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
					if (s.parent() != null) {
						g.writeStartObject();
						g.writeStringField("refType", "CHILD_OF");
						g.writeStringField("traceID", traceId);
						g.writeStringField("spanID", s.parent());
						g.writeEndObject();
					}
					g.writeEndArray();
					g.writeNumberField("startTime", s.start());
					g.writeNumberField("duration", s.duration());
					g.writeArrayFieldStart("tags");
					g.writeStartObject();
					g.writeStringField("key", "component");
					g.writeStringField("type", "string");
					g.writeStringField("value", s.service());
					g.writeEndObject();
					g.writeEndArray();
					g.writeStringField("processID", pid);
					g.writeEndObject();
				}
				g.writeEndArray();
				g.writeObjectFieldStart("processes");
				for (var e : processes.entrySet()) {
					g.writeObjectFieldStart(e.getValue());
					g.writeStringField("serviceName", e.getKey());
					g.writeArrayFieldStart("tags");
					g.writeEndArray();
					g.writeEndObject();
				}
				g.writeEndObject();
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeEndObject();
		}
		return traces * 2 * SPANS_PER_TRACE;
	}

	/** @return the number of events written (two per span) */
	long writeOtlp(Path file, long events) throws IOException {
		long traces = Math.max(1, events / (2L * SPANS_PER_TRACE));
		try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
			for (long t = 0; t < traces; t++) {
				String traceId = String.format("%032x", t + 1);
				Map<String, List<Span>> byService = new LinkedHashMap<>();
				for (Span s : trace(t)) {
					byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s);
				}
				try (JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
					g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
					g.writeStartObject();
					g.writeArrayFieldStart("resourceSpans");
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
						g.writeStringField("name", "pythia-bench");
						g.writeEndObject();
						g.writeArrayFieldStart("spans");
						for (Span s : e.getValue()) {
							g.writeStartObject();
							g.writeStringField("traceId", traceId);
							g.writeStringField("spanId", s.id());
							if (s.parent() != null) {
								g.writeStringField("parentSpanId", s.parent());
							}
							g.writeStringField("name", s.operation());
							g.writeNumberField("kind", 2);
							g.writeStringField("startTimeUnixNano", Long.toString(s.start() * 1000));
							g.writeStringField("endTimeUnixNano", Long.toString((s.start() + s.duration()) * 1000));
							g.writeArrayFieldStart("attributes");
							attribute(g, "component", s.service());
							g.writeEndArray();
							g.writeEndObject();
						}
						g.writeEndArray();
						g.writeEndObject();
						g.writeEndArray();
						g.writeEndObject();
					}
					g.writeEndArray();
					g.writeEndObject();
				}
				os.write('\n');
			}
		}
		return traces * 2 * SPANS_PER_TRACE;
	}

	private static void attribute(JsonGenerator g, String key, String value) throws IOException {
		g.writeStartObject();
		g.writeStringField("key", key);
		g.writeObjectFieldStart("value");
		g.writeStringField("stringValue", value);
		g.writeEndObject();
		g.writeEndObject();
	}

	/** Trace number t: its type cycles; its shape is the type's (fixed), its timing random. */
	List<Span> trace(long t) {
		int type = (int) (t % TYPES.length);
		List<Span> spans = new ArrayList<>(SPANS_PER_TRACE);
		long start = 1_700_000_000_000_000L + t * 50_000;
		node(type, 0, "1", null, start, 0, spans);
		return spans;
	}

	/** Depth-first: 1 root, 3 children, 9 grandchildren, 27 leaves; children run one after another. */
	private long node(int type, int depth, String path, String parent, long start, int index, List<Span> out) {
		String id = String.format("%016x", (long) (type + 1) << 40 | Long.parseLong(path.replace(".", ""), 10));
		int serviceIndex = Math.floorMod(path.hashCode() + type * 7, SERVICES.length);
		String service = depth == 0 ? "api" : SERVICES[serviceIndex];
		String op = depth == 0 ? TYPES[type] : TYPES[type].split("_")[0] + "_step_" + path.replace('.', '_');
		int slot = out.size();
		out.add(null);
		long t = start + 10;
		if (depth < 3) {
			for (int c = 1; c <= 3; c++) {
				t = node(type, depth + 1, path + "." + c, id, t, c, out) + 10;
			}
		} else {
			long base = 200 + Math.floorMod(path.hashCode() * 31 + type, 800);
			double d = base * (1 + 0.02 * random.nextGaussian());
			if (type == 0 && "1.2.3.1".equals(path)) {
				d += -Math.log(1 - random.nextDouble()) * 3000; // the problem: a heavy-tailed delay deep inside
			}
			t = start + Math.max(1, Math.round(d));
		}
		out.set(slot, new Span(id, parent, service, op, start, t - start));
		return t;
	}
}
