// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.core.Progress;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;

/** The one pipeline and the one report: real traces, a bad file among them, written as JSON and as CSV. */
class ReportWriterTest {

	private static final Path TRACES = Path.of("../../../shared/traces");

	@TempDir
	Path dir;

	@Test
	void theReportOfRealTracesHasEveryFieldAndTheFileThatFailed() throws Exception {
		Path bad = Files.writeString(dir.resolve("bad.json"), "{\"data\": [{\"traceID\": ");
		TraceAnalysis.Result r = TraceAnalysis.ofFiles(List.of(TRACES.resolve("jaeger"), bad), AnalysisOptions.DEFAULTS,
				1_000_000, Progress.NONE);
		AnalysisReport report = r.report();
		assertTrue(report.traces() > 0);
		assertEquals(report.traces(), r.kept().size(), "every trace fits the budget of kept events");
		ByteArrayOutputStream json = new ByteArrayOutputStream();
		ReportWriter.json(r, json);
		JsonNode parsed = new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8));
		assertEquals(report.traces(), parsed.get("traces").asLong());
		assertEquals(report.events(), parsed.get("events").asLong());
		assertEquals(r.imports().files(), parsed.get("files").asInt());
		assertEquals(r.imports().errors().size(), parsed.get("errors").size());
		boolean named = false;
		for (JsonNode e : parsed.get("errors")) {
			named |= e.get("file").asText().equals(bad.toString()) && e.get("message").asText().contains("line 1, column");
		}
		assertTrue(named, "the cut file is named with where it broke: " + parsed.get("errors"));
		JsonNode groups = parsed.get("groups");
		assertEquals(report.groups().size(), groups.size());
		AnalysisReport.Group first = report.groups().get(0);
		JsonNode g = groups.get(0);
		assertEquals(first.group().id(), g.get("id").asText());
		for (String field : List.of("requestType", "count", "meanMs", "cv", "problem", "varianceMs2", "p50Ms", "p90Ms",
				"p99Ms", "representativeTrace", "edges")) {
			assertTrue(g.has(field), "a group has " + field + ": " + g);
		}
		assertEquals(first.latency().p90() / 1e6, g.get("p90Ms").asDouble(), 1e-9);

		ByteArrayOutputStream csv = new ByteArrayOutputStream();
		ReportWriter.csv(report, csv);
		String[] lines = csv.toString(StandardCharsets.UTF_8).split("\n");
		assertEquals(report.groups().size() + 1, lines.length);
		assertTrue(lines[1].startsWith(first.group().id() + ","), lines[1]);
	}

	@Test
	void aCancelStopsTheReading() {
		Progress cancelled = Progress.cancelledWhen(() -> true);
		org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
				() -> TraceAnalysis.ofFiles(List.of(TRACES.resolve("jaeger")), AnalysisOptions.DEFAULTS, 0, cancelled));
	}

	@Test
	void csvQuotesWhatNeedsIt() {
		assertEquals("\"a,b\"", ReportWriter.csv("a,b"));
		assertEquals("\"say \"\"hi\"\"\"", ReportWriter.csv("say \"hi\""));
		assertEquals("plain", ReportWriter.csv("plain"));
	}
}
