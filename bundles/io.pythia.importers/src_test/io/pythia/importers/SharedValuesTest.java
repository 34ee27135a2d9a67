// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;

/**
 * The readers share tag maps, attributes and tracepoint ids between spans made of the same strings: each span must
 * still get exactly its own values, whatever the spans before it had.
 */
class SharedValuesTest {

	private static List<Trace> read(TraceFormat format, String json) throws Exception {
		List<Trace> traces = new ArrayList<>();
		new TraceImporter().read("test", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), format,
				TraceSink.of(traces::add, w -> {
				}));
		return traces;
	}

	/** Each span's attributes by its operation (entry events only). */
	private static Map<String, Attributes> bySpan(Trace t) {
		Map<String, Attributes> out = new LinkedHashMap<>();
		for (int e = 0; e < t.size(); e += 2) {
			out.put(t.attributes(e).operation(), t.attributes(e));
		}
		return out;
	}

	private static String otlpSpan(String id, String parent, String name, String kind, String... attributes) {
		StringBuilder a = new StringBuilder();
		for (int i = 0; i < attributes.length; i += 2) {
			a.append(a.isEmpty() ? "" : ",").append("{\"key\":\"").append(attributes[i])
					.append("\",\"value\":{\"stringValue\":\"").append(attributes[i + 1]).append("\"}}");
		}
		return "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"" + id + "\""
				+ (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"") + ",\"name\":\"" + name + "\""
				+ (kind == null ? "" : ",\"kind\":" + kind)
				+ ",\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"2000\",\"attributes\":[" + a + "]}";
	}

	@Test
	void otlpSpansKeepTheirOwnAttributesWhenNeighboursRepeatOrDiffer() throws Exception {
		String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"api\"}}]},"
				+ "\"scopeSpans\":[{\"spans\":[" + String.join(",", //
						otlpSpan("00000000000000a1", null, "root", "2", "zone", "a", "tier", "web"),
						otlpSpan("00000000000000a2", "00000000000000a1", "same", "2", "zone", "a", "tier", "web"),
						otlpSpan("00000000000000a3", "00000000000000a1", "other-value", "2", "zone", "b", "tier", "web"),
						otlpSpan("00000000000000a4", "00000000000000a1", "swapped", "2", "tier", "web", "zone", "a"),
						otlpSpan("00000000000000a5", "00000000000000a1", "no-kind", null, "zone", "a", "tier", "web"),
						otlpSpan("00000000000000a6", "00000000000000a1", "repeated-key", null, "zone", "a", "zone", "c"),
						otlpSpan("00000000000000a7", "00000000000000a1", "one-tag", "3", "zone", "a"),
						otlpSpan("00000000000000a9", "00000000000000a1", "one-tag-again", "3", "zone", "a"),
						otlpSpan("00000000000000aa", "00000000000000a1", "one-tag-other-kind", "1", "zone", "a"),
						otlpSpan("00000000000000a8", "00000000000000a1", "no-tag", null),
						// "Aa" and "BB" have the same hash: the two spans' tags meet in one slot
						otlpSpan("00000000000000b1", "00000000000000a1", "collide-1", null, "zone", "Aa"),
						otlpSpan("00000000000000b2", "00000000000000a1", "collide-2", null, "zone", "BB"),
						otlpSpan("00000000000000b3", "00000000000000a1", "collide-3", null, "zone", "Aa"))
				+ "]}]}]}";
		Trace t = read(TraceFormat.OTLP, json).get(0);
		Map<String, Attributes> spans = bySpan(t);
		assertEquals(Map.of("zone", "a", "tier", "web", "span.kind", "2"), spans.get("root").tags());
		assertEquals(Map.of("zone", "a", "tier", "web", "span.kind", "2"), spans.get("same").tags());
		assertEquals(Map.of("zone", "b", "tier", "web", "span.kind", "2"), spans.get("other-value").tags());
		assertEquals(Map.of("zone", "a", "tier", "web", "span.kind", "2"), spans.get("swapped").tags());
		assertEquals(Map.of("zone", "a", "tier", "web"), spans.get("no-kind").tags());
		assertEquals(Map.of("zone", "c"), spans.get("repeated-key").tags(), "the last of a repeated key wins");
		assertEquals(Map.of("zone", "a", "span.kind", "3"), spans.get("one-tag").tags());
		assertEquals(Map.of("zone", "a", "span.kind", "3"), spans.get("one-tag-again").tags());
		assertEquals(Map.of("zone", "a", "span.kind", "1"), spans.get("one-tag-other-kind").tags());
		assertEquals(Map.of(), spans.get("no-tag").tags());
		assertEquals(Map.of("zone", "Aa"), spans.get("collide-1").tags());
		assertEquals(Map.of("zone", "BB"), spans.get("collide-2").tags());
		assertEquals(Map.of("zone", "Aa"), spans.get("collide-3").tags());
		// spans of the same strings share one map (up to two tags)
		assertSame(spans.get("one-tag").tags(), spans.get("one-tag-again").tags());
		assertEquals("api:root", t.tracepoint(0));
		assertEquals("api", spans.get("no-tag").service());
	}

	@Test
	void jaegerSpansKeepTheirOwnTagsAndProcesses() throws Exception {
		String json = """
				{"data":[{"traceID":"00000000000000AB","spans":[
				 {"traceID":"00000000000000ab","spanID":"1","operationName":"root","references":[],"startTime":1,"duration":10,
				  "tags":[{"key":"http.status","type":"int64","value":200}],"processID":"p1"},
				 {"traceID":"ab","spanID":"2","operationName":"child","references":[{"refType":"CHILD_OF","traceID":"ab","spanID":"1"}],
				  "startTime":2,"duration":3,"tags":[{"key":"http.status","type":"int64","value":500}],"processID":"p2"},
				 {"traceID":"ab","spanID":"3","operationName":"child2","references":[{"refType":"CHILD_OF","traceID":"ab","spanID":"1"}],
				  "startTime":5,"duration":3,"tags":[{"key":"http.status","type":"int64","value":200}],"processID":"p1"}],
				 "processes":{"p1":{"serviceName":"front","tags":[{"key":"hostname","type":"string","value":"h1"}]},
				              "p2":{"serviceName":"back","tags":[{"key":"hostname","type":"string","value":"h2"}]}}}]}
				""";
		List<Trace> traces = read(TraceFormat.JAEGER, json);
		assertEquals(1, traces.size());
		Trace t = traces.get(0);
		assertEquals("00000000000000ab", t.id(), "ids are normalized: lower case, padded to 16 digits");
		Map<String, Attributes> spans = bySpan(t);
		assertEquals(new Attributes("front", "h1", "root", Map.of("http.status", "200")), spans.get("root"));
		assertEquals(new Attributes("back", "h2", "child", Map.of("http.status", "500")), spans.get("child"));
		assertEquals(new Attributes("front", "h1", "child2", Map.of("http.status", "200")), spans.get("child2"));
		assertEquals("back:child", t.tracepoint(2));
		assertEquals(1, t.predecessorCount(2), "the child's parent id '1' matched the root's, padded alike");
	}
}
