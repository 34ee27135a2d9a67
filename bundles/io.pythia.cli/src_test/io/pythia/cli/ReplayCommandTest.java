// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command's JSON contract and exit codes on a generated corpus with a known cause. */
class ReplayCommandTest {

	@TempDir
	Path dir;

	@SuppressWarnings("unchecked")
	@Test
	void jsonReportsEveryStrategy() throws Exception {
		new BenchCorpus(3).writeJaeger(dir.resolve("corpus.json"), 80 * 80);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8))
				.run(List.of(dir.toString(), "--truth", "storage-2:create_step_1_2_3_1", "--json"));
		assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
		Map<String, Object> report = (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
		assertEquals(4L * 40, report.get("searchSpaceSize"), "40 tracepoints for each of 4 request types");
		List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
		assertEquals(List.of("hierarchical", "flat", "historic", "random"), results.stream().map(r -> r.get("strategy")).toList());
		for (Map<String, Object> r : results) {
			assertEquals(Boolean.TRUE, r.get("localized"), r.toString());
			assertEquals("storage-2:create_step_1_2_3_1", r.get("localizedTracepoint"), r.toString());
			assertEquals(Boolean.TRUE, r.get("matchesTruth"), r.toString());
			assertTrue(((Number) r.get("enabledFraction")).doubleValue() <= 1.0);
			assertTrue(((Number) r.get("cycles")).longValue() >= 1);
		}
	}

	@Test
	void savedSpaceIsUsedAgain() throws Exception {
		new BenchCorpus(4).writeJaeger(dir.resolve("corpus.json"), 80 * 40);
		Path space = dir.resolve("space.json");
		ReplayCommand c = new ReplayCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
		assertEquals(0, c.run(List.of(dir.resolve("corpus.json").toString(), "--truth", "x", "--save-space", space.toString())));
		assertTrue(java.nio.file.Files.readString(space).contains("\"version\":" + io.pythia.search.SearchSpace.VERSION));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(0, new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()))
				.run(List.of(dir.resolve("corpus.json").toString(), "--truth", "x", "--space", space.toString(), "--json")));
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"searchSpaceSize\" : 160"), out.toString(StandardCharsets.UTF_8));
		java.nio.file.Files.writeString(space, "{\"format\":\"pythia-search-space\",\"version\":9}");
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(2, new ReplayCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
				.run(List.of(dir.resolve("corpus.json").toString(), "--truth", "x", "--space", space.toString())));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("search space version 9"), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void badArguments() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ReplayCommand c = new ReplayCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(2, c.run(List.of(dir.toString())));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("pythia replay: Missing required option: '--truth=TRACEPOINT'"),
				err.toString(StandardCharsets.UTF_8));
		assertEquals(2, c.run(List.of(dir.toString(), "--truth", "x", "--strategy", "clever")));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown strategy 'clever': use hierarchical, flat, historic, random or all"),
				err.toString(StandardCharsets.UTF_8));
		assertEquals(1, c.run(List.of(dir.toString(), "--truth", "x")), "an empty folder has nothing to replay");
	}
}
