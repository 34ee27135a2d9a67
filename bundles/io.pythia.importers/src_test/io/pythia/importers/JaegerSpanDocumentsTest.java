// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Trace;

/**
 * Jaeger's Elasticsearch/OpenSearch span documents, as an export of the span index gives them: a bare array of
 * spans of several traces in any order, each with its own process, tags both as a list and as a "tag" map whose
 * keys write dots as '@'. They must read as the same traces written the query API's way.
 */
class JaegerSpanDocumentsTest {

	@TempDir
	Path dir;

	private static String doc(String trace, String span, String parent, String service, String op, long start, long duration) {
		String refs = parent == null ? "[]"
				: "[{\"refType\":\"CHILD_OF\",\"traceID\":\"" + trace + "\",\"spanID\":\"" + parent + "\"}]";
		return """
				{"traceID":"%s","spanID":"%s","flags":1,"operationName":"%s","references":%s,"startTime":%d,"startTimeMillis":%d,
				 "duration":%d,"tags":[{"key":"span.kind","type":"string","value":"server"}],"tag":{"http@method":"GET","span@kind":"ignored"},
				 "logs":[],"process":{"serviceName":"%s","tags":[],"tag":{"hostname":"node-%s"}}}"""
				.formatted(trace, span, op, refs, start, start / 1000, duration, service, service);
	}

	private static String queryApi(String trace, String service, String rootOp, String childService, String childOp) {
		return """
				{"traceID":"%s","spans":[
				 {"traceID":"%s","spanID":"a1","operationName":"%s","references":[],"startTime":1000,"duration":500,"processID":"p1",
				  "tags":[{"key":"span.kind","type":"string","value":"server"},{"key":"http.method","type":"string","value":"GET"}]},
				 {"traceID":"%s","spanID":"b1","operationName":"%s","references":[{"refType":"CHILD_OF","traceID":"%s","spanID":"a1"}],
				  "startTime":1100,"duration":200,"processID":"p2",
				  "tags":[{"key":"span.kind","type":"string","value":"server"},{"key":"http.method","type":"string","value":"GET"}]}],
				 "processes":{"p1":{"serviceName":"%s","tags":[{"key":"hostname","type":"string","value":"node-%s"}]},
				  "p2":{"serviceName":"%s","tags":[{"key":"hostname","type":"string","value":"node-%s"}]}}}"""
				.formatted(trace, trace, rootOp, trace, childOp, trace, service, service, childService, childService);
	}

	private static List<String> read(Path file) throws Exception {
		CollectingSink sink = new CollectingSink();
		ImportResult r = new TraceImporter().readAll(List.of(file), sink);
		assertEquals(List.of(), r.errors(), file.toString());
		assertEquals(List.of(), sink.warnings.stream().map(w -> w.message()).toList(), "no repair needed: " + file);
		List<String> out = new ArrayList<>();
		for (Trace t : sink.traces) {
			StringBuilder sb = new StringBuilder(t.id() + " " + t.size() + " events, " + t.duration() + " ns:");
			Map<String, String> spans = new TreeMap<>();
			for (int e = 0; e < t.size(); e++) {
				Attributes a = t.attributes(e);
				spans.put(t.tracepoint(e), a.host() + " " + new TreeMap<>(a.tags()));
			}
			spans.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v));
			out.add(sb.toString());
		}
		out.sort(null);
		return out;
	}

	@Test
	void spanDocumentsReadAsTheQueryApisTraces() throws Exception {
		// two traces, their spans interleaved and children before parents, as an index export gives them
		Path docs = dir.resolve("jaeger-span-index.json");
		Files.writeString(docs, "[" + String.join(",\n",
				doc("00000000000000aa", "b1", "a1", "nova", "build", 1100, 200),
				doc("00000000000000bb", "a1", null, "api", "delete", 1000, 500),
				doc("00000000000000aa", "a1", null, "api", "create", 1000, 500),
				doc("00000000000000bb", "b1", "a1", "cinder", "detach", 1100, 200)) + "]");
		Path api = dir.resolve("jaeger-query-api.json");
		Files.writeString(api, "{\"data\":[" + queryApi("00000000000000aa", "api", "create", "nova", "build") + ","
				+ queryApi("00000000000000bb", "api", "delete", "cinder", "detach") + "]}");
		List<String> expected = read(api);
		assertEquals(2, expected.size());
		assertTrue(expected.get(0).contains("http.method=GET") && expected.get(0).contains("node-nova"), expected.get(0));
		assertEquals(expected, read(docs));

		// cut inside the last document: the error names the place, and the spans read before it still make traces
		String whole = Files.readString(docs);
		Path cut = dir.resolve("cut.json");
		Files.writeString(cut, whole.substring(0, whole.length() - 40));
		CollectingSink sink = new CollectingSink();
		ImportResult r = new TraceImporter().readAll(List.of(cut), sink);
		assertEquals(1, r.errors().size());
		assertTrue(r.errors().get(0).message().contains("line "), r.errors().get(0).message());
		assertEquals(List.of("00000000000000aa", "00000000000000bb"), sink.traces.stream().map(Trace::id).sorted().toList(),
				"both traces, bb without the cut span");
		assertEquals(2, sink.traces.stream().filter(t -> t.id().endsWith("aa")).findFirst().orElseThrow().spans());
	}
}
