// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze command on generated and real traces: report, JSON contract, DOT, exit codes. */
class AnalyzeCommandTest {

	@TempDir
	Path dir;

	private String stdout;
	private String stderr;

	private int analyze(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new AnalyzeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
		stdout = out.toString(StandardCharsets.UTF_8);
		stderr = err.toString(StandardCharsets.UTF_8);
		return status;
	}

	@SuppressWarnings("unchecked")
	@Test
	void jsonReportLocalizesTheInjectedDelayInMixedFormats() throws Exception {
		BenchCorpus corpus = new BenchCorpus(7);
		corpus.writeJaeger(dir.resolve("a.json"), 80 * 60);
		new BenchCorpus(8).writeOtlp(dir.resolve("b.ndjson"), 80 * 60);
		assertEquals(0, analyze("--json", dir.toString()), stderr);
		Map<String, Object> report = (Map<String, Object>) Json.parse(stdout);
		assertEquals(120L, report.get("traces"));
		assertEquals(120L * 80, report.get("events"));
		List<Map<String, Object>> groups = (List<Map<String, Object>>) report.get("groups");
		assertEquals(4, groups.size(), "four request types, one structure each; both formats meet in them");
		double lastVariance = Double.MAX_VALUE;
		for (Map<String, Object> g : groups) {
			double variance = ((Number) g.get("varianceMs2")).doubleValue();
			assertTrue(variance <= lastVariance, "groups sorted by variance");
			lastVariance = variance;
			List<Map<String, Object>> edges = (List<Map<String, Object>>) g.get("edges");
			double sum = 0;
			double lastShare = Double.MAX_VALUE;
			for (Map<String, Object> e : edges) {
				double share = ((Number) e.get("share")).doubleValue();
				assertTrue(share <= lastShare, "edges sorted by share");
				lastShare = share;
				sum += share;
			}
			assertEquals(1.0, sum, 1e-6, "shares sum to 1 in group " + g.get("id"));
		}
		Map<String, Object> top = groups.get(0);
		assertEquals("create_server", top.get("requestType"));
		assertEquals(Boolean.TRUE, top.get("problem"));
		assertEquals(30L, top.get("count"));
		Map<String, Object> topEdge = ((List<Map<String, Object>>) top.get("edges")).get(0);
		assertTrue(((String) topEdge.get("from")).endsWith(":create_step_1_2_3_1"), topEdge.toString());
		assertEquals(topEdge.get("from"), topEdge.get("to"));
		assertTrue(((Number) topEdge.get("share")).doubleValue() > 0.9, topEdge.toString());
		for (Map<String, Object> g : groups.subList(1, groups.size())) {
			assertEquals(Boolean.FALSE, g.get("problem"), "only create_server has injected variance: " + g.get("requestType"));
		}
	}

	@SuppressWarnings("unchecked")
	@Test
	void jsonReportGivesReasonsIntervalsAndTimeShares() throws Exception {
		new BenchCorpus(11).writeJaeger(dir.resolve("c.json"), 80 * 40);
		assertEquals(0, analyze("--json", dir.toString()), stderr);
		Map<String, Object> report = (Map<String, Object>) Json.parse(stdout);
		assertEquals("workflow", report.get("grouping"));
		for (Map<String, Object> g : (List<Map<String, Object>>) report.get("groups")) {
			String reason = (String) g.get("reason");
			assertTrue(List.of("variance", "slow", "spread", "steady", "few-traces", "slower-than-its-type").contains(reason), reason);
			assertEquals(reason.equals("variance") || reason.equals("slow"), g.get("problem"), g.toString());
			double timeShares = 0;
			for (Map<String, Object> e : (List<Map<String, Object>>) g.get("edges")) {
				timeShares += ((Number) e.get("timeShare")).doubleValue();
				if (((Number) g.get("count")).intValue() > 2) {
					double low = ((Number) e.get("shareLow")).doubleValue();
					double high = ((Number) e.get("shareHigh")).doubleValue();
					double share = ((Number) e.get("share")).doubleValue();
					assertTrue(low <= share && share <= high, e.toString());
				}
			}
			assertEquals(1.0, timeShares, 1e-6, "mean contributions add up to the mean response time");
		}
	}

	@SuppressWarnings("unchecked")
	@Test
	void anObjectiveUnderTheMedianMakesASteadyGroupSlow() throws Exception {
		new BenchCorpus(12).writeJaeger(dir.resolve("d.json"), 80 * 40);
		assertEquals(0, analyze("--json", dir.toString()), stderr);
		Map<String, Object> steady = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(stdout)).get("groups"))
				.stream().filter(g -> "steady".equals(g.get("reason"))).findFirst().orElseThrow();
		String type = (String) steady.get("requestType");
		double median = ((Number) steady.get("p50Ms")).doubleValue();
		assertEquals(0, analyze("--json", "--slo", type + "=" + median / 2, dir.toString()), stderr);
		Map<String, Object> slow = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(stdout)).get("groups"))
				.stream().filter(g -> g.get("id").equals(steady.get("id"))).findFirst().orElseThrow();
		assertEquals("slow", slow.get("reason"));
		assertEquals(Boolean.TRUE, slow.get("problem"));
		List<Map<String, Object>> edges = (List<Map<String, Object>>) slow.get("edges");
		for (int i = 1; i < edges.size(); i++) {
			assertTrue(((Number) edges.get(i - 1).get("timeShare")).doubleValue() >= ((Number) edges.get(i).get("timeShare")).doubleValue(),
					"a slow group's edges by their part of the time");
		}
		assertEquals(0, analyze("--slo", type + "=" + median / 2, dir.toString()), stderr);
		assertTrue(stdout.contains("Slow group " + steady.get("id")) && stdout.contains("where its time goes"), stdout);
	}

	/** Forty requests of which ten miss a cache and take 30 ms longer, as Jaeger JSON. */
	private Path cacheMisses() throws Exception {
		Path file = dir.resolve("cache.json");
		java.util.Random random = new java.util.Random(5);
		try (var g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(file.toFile(),
				com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
			g.writeStartObject();
			g.writeArrayFieldStart("data");
			for (int t = 0; t < 40; t++) {
				boolean miss = t % 4 == 0;
				long start = 1_700_000_000_000_000_000L + t * 100_000_000L;
				long child = Math.round((10 + (miss ? 30 : 0)) * Math.exp(0.1 * random.nextGaussian()) * 1e6);
				io.pythia.importers.SpanJson.writeJaegerTrace(g, String.format("%016x", t + 1), List.of(
						new io.pythia.importers.SpanJson.Span("a", null, "front", "GET /item", start, start + child + 2_000_000,
								Map.of()),
						new io.pythia.importers.SpanJson.Span("b", "a", "store", "read", start + 1_000_000,
								start + 1_000_000 + child, Map.of("cache", miss ? "miss" : "hit", "request.id", "r" + t))));
			}
			g.writeEndArray();
			g.writeEndObject();
		}
		return file;
	}

	@SuppressWarnings("unchecked")
	@Test
	void attributesThatGoWithSlowerRequestsAreReported() throws Exception {
		Path file = cacheMisses();
		assertEquals(0, analyze("--json", file.toString()), stderr);
		Map<String, Object> group = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(stdout)).get("groups")).get(0);
		assertEquals(Boolean.TRUE, group.get("problem"), group.toString());
		List<Map<String, Object>> attributes = (List<Map<String, Object>>) group.get("attributes");
		assertEquals(1, attributes.size(), "the cache miss, not the hits nor the request ids: " + attributes);
		Map<String, Object> miss = attributes.get(0);
		assertEquals("cache", miss.get("key"));
		assertEquals("miss", miss.get("value"));
		assertEquals("value", miss.get("kind"));
		assertEquals(10L, miss.get("traces"));
		assertTrue(((Number) miss.get("meanMs")).doubleValue() - ((Number) miss.get("othersMeanMs")).doubleValue() > 25, miss.toString());
		assertTrue(((Number) miss.get("varianceExplained")).doubleValue() > 0.8, miss.toString());
		assertTrue(((Number) miss.get("p")).doubleValue() < 1e-6, miss.toString());
		assertEquals(0, analyze(file.toString()), stderr);
		assertTrue(stdout.matches("(?s).*span attributes that go with slower requests.*\\d+\\.\\d%  cache=miss  10 traces.*"), stdout);
	}

	@Test
	void badGroupingsAndObjectivesAreBadArguments() throws Exception {
		new BenchCorpus(13).writeJaeger(dir.resolve("e.json"), 80 * 4);
		assertEquals(2, analyze("--grouping", "by-magic", dir.toString()));
		assertTrue(stderr.contains("unknown grouping 'by-magic'") && stderr.contains("workflow or critical-path"), stderr);
		assertEquals(2, analyze("--slo", "create_server=-5", dir.toString()));
		assertTrue(stderr.contains("'create_server'") && stderr.contains("> 0"), stderr);
		assertEquals(2, analyze("--slo", "create_server=fast", dir.toString()));
		assertTrue(stderr.contains("fast"), stderr);
		assertEquals(0, analyze("--grouping", "critical-path", "--json", dir.toString()), stderr);
		assertTrue(stdout.contains("\"grouping\" : \"critical-path\""), stdout);
	}

	@Test
	void textReportNamesProblemGroupAndItsTopEdge() throws Exception {
		new BenchCorpus(9).writeJaeger(dir.resolve("c.json"), 80 * 40);
		assertEquals(0, analyze(dir.toString()), stderr);
		assertTrue(stdout.contains("Read 1 file(s): 40 traces, 3,200 events"), stdout);
		assertTrue(stdout.contains("1 problem group(s)"), stdout);
		assertTrue(stdout.matches("(?s).*Problem group [gw][0-9a-f]{12}  request type \"create_server\"  10 traces.*"), stdout);
		assertTrue(stdout.matches("(?s).* 1\\.\\s+\\d+\\.\\d% \\[\\d+\\.\\d, \\d+\\.\\d\\]\\s+\\S+:create_step_1_2_3_1 start -> \\S+:create_step_1_2_3_1 end.*"), stdout);
	}

	@Test
	void dotWritesTheGroupsWorkflowGraph() throws Exception {
		new BenchCorpus(10).writeJaeger(dir.resolve("d.json"), 80 * 8);
		assertEquals(0, analyze("--json", dir.toString()));
		@SuppressWarnings("unchecked")
		String id = (String) ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(stdout)).get("groups")).get(0).get("id");
		assertEquals(0, analyze("--dot", id, dir.toString()), stderr);
		assertTrue(stdout.startsWith("digraph workflow {"), stdout);
		assertEquals(80, stdout.lines().filter(l -> l.matches("  e\\d+ \\[label=.*")).count(), "one node per event");
		assertTrue(stdout.contains("% of variance"), "critical-path edges carry their share");
		assertEquals(2, analyze("--dot", "g000000000000", dir.toString()));
		assertTrue(stderr.contains("no group g000000000000"), stderr);
	}

	@Test
	void realTracesOfEveryFormatAnalyseTogether() throws Exception {
		Path shared = locateShared();
		assertEquals(0, analyze(shared.toString()), stderr);
		assertTrue(stdout.startsWith("Read "), stdout);
		// the edge-list CSV is no trace format: named in an error, the rest is analysed
		assertTrue(stderr.contains("docc-lab__dsb_hd_counter__trace.csv") && stderr.contains("not a trace format"), stderr);
		assertTrue(stdout.contains("Warnings:"), stdout);
	}

	@Test
	void exitCodes() throws Exception {
		assertEquals(2, analyze());
		assertTrue(stderr.contains("no file or folder"), stderr);
		assertEquals(2, analyze("--bogus", dir.toString()));
		assertTrue(stderr.contains("pythia analyze: Unknown option: '--bogus'"), stderr);
		assertEquals(2, analyze(dir.resolve("missing.json").toString()));
		assertTrue(stderr.contains("missing.json: no such file or folder"), stderr);
		assertEquals(2, analyze("--cv", "much", dir.toString()));
		assertEquals(2, analyze("--request-type", "whim", dir.toString()));
		assertEquals(1, analyze(dir.toString()), "an empty folder has nothing to analyse");
		Path bad = Files.writeString(dir.resolve("broken.json"), "{\"data\": [ {\"traceID\": ");
		assertEquals(1, analyze(dir.toString()));
		assertTrue(stderr.contains(bad.toString() + ": line 1, column"), stderr);
		assertFalse(stderr.contains("Exception"), stderr);
		// engines: one not on the class path, and Flink's options without it
		assertEquals(2, analyze("--engine", "spark", dir.toString()));
		assertTrue(stderr.contains("no analysis engine 'spark'") && stderr.contains("local"), stderr);
		assertEquals(2, analyze("--jobmanager", "127.0.0.1:8081", dir.toString()));
		assertTrue(stderr.contains("--engine flink"), stderr);
		assertEquals(2, analyze("--engine", "flink", "--zipkin", "http://127.0.0.1:9411", dir.toString()));
		assertTrue(stderr.contains("--zipkin"), stderr);
	}

	private static Path locateShared() {
		for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
			if (Files.isDirectory(d.resolve("shared/traces"))) {
				return d.resolve("shared/traces");
			}
		}
		throw new IllegalStateException("shared/traces not found");
	}

	@SuppressWarnings("unchecked")
	@Test
	void readsTracesFromAJaegerQueryService() throws Exception {
		Path file = dir.resolve("answer.json");
		new BenchCorpus(9).writeJaeger(file, 80 * 20);
		byte[] answer = Files.readAllBytes(file);
		com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
				.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		java.util.List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
		server.createContext("/api/services", x -> {
			byte[] b = "{\"data\":[\"api\"]}".getBytes(StandardCharsets.UTF_8);
			x.sendResponseHeaders(200, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		server.createContext("/api/traces", x -> {
			queries.add(x.getRequestURI().getRawQuery());
			x.sendResponseHeaders(200, answer.length);
			x.getResponseBody().write(answer);
			x.close();
		});
		server.start();
		try {
			String url = "http://127.0.0.1:" + server.getAddress().getPort();
			assertEquals(0, analyze("--json", "--jaeger", url, "--lookback", "5", "--limit", "30"), stderr);
			Map<String, Object> report = (Map<String, Object>) Json.parse(stdout);
			assertEquals(20L, report.get("traces"), "the traces of the query answer");
			assertEquals(1, queries.size());
			assertTrue(queries.get(0).startsWith("service=api&start=") && queries.get(0).endsWith("&limit=30"), queries.get(0));
			long start = Long.parseLong(queries.get(0).replaceAll(".*start=(\\d+).*", "$1"));
			long end = Long.parseLong(queries.get(0).replaceAll(".*end=(\\d+).*", "$1"));
			assertEquals(5 * 60_000_000L, end - start, "five minutes back, in microseconds");
		} finally {
			server.stop(0);
		}
		assertEquals(1, analyze("--jaeger", "http://127.0.0.1:1"), "nothing to read");
		assertTrue(stderr.contains("cannot reach the Jaeger query service"), stderr);
	}
}
