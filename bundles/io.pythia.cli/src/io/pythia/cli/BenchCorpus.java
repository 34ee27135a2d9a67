// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pythia.importers.SpanJson;

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
				SpanJson.writeJaegerTrace(g, String.format("%016x", t + 1), spans(t));
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
				try (JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
					g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
					g.writeStartObject();
					g.writeArrayFieldStart("resourceSpans");
					SpanJson.writeOtlpResourceSpans(g, String.format("%032x", t + 1), spans(t), "pythia-bench");
					g.writeEndArray();
					g.writeEndObject();
				}
				os.write('\n');
			}
		}
		return traces * 2 * SPANS_PER_TRACE;
	}

	/** Trace number t as spans to write; times from microseconds to nanoseconds. */
	private List<SpanJson.Span> spans(long t) {
		List<SpanJson.Span> out = new ArrayList<>(SPANS_PER_TRACE);
		for (Span s : trace(t)) {
			out.add(new SpanJson.Span(s.id(), s.parent(), s.service(), s.operation(), s.start() * 1000,
					(s.start() + s.duration()) * 1000, Map.of("component", s.service())));
		}
		return out;
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
