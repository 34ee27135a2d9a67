// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.analysis.Grouping;
import io.pythia.core.trace.Trace;

/**
 * Real traces whose concurrent branches finish in varying order: grouping by workflow keeps requests that make the
 * same calls together, where grouping by critical path splits them into groups too small to analyse.
 */
class RealTraceGroupingTest {

	private static final Path DSB = SharedTraces.file("jaeger", "docc-lab__dsb_hd_counter__traces-1695947455229.json");

	@Test
	void deathStarBenchComposePostStaysInGroupsLargeEnoughToAnalyse() throws Exception {
		AnalysisReport byWorkflow = analyze(DSB, Grouping.WORKFLOW);
		AnalysisReport byPath = analyze(DSB, Grouping.CRITICAL_PATH);
		assertEquals(20, byWorkflow.traces());
		double workflow = inLargeGroups(byWorkflow);
		double path = inLargeGroups(byPath);
		System.out.printf("DeathStarBench compose-post: by workflow %d groups, %.0f%% of traces in groups of %d+;"
				+ " by critical path %d groups, %.0f%%%n", byWorkflow.groups().size(), workflow * 100,
				byWorkflow.options().minTraces(), byPath.groups().size(), path * 100);
		assertTrue(workflow >= 0.9, "by workflow: " + workflow);
		assertTrue(path < 0.9, "by critical path the same traces fall apart (the reason for grouping by workflow): " + path);
		for (AnalysisReport.Group g : byWorkflow.groups()) {
			double sum = g.edges().stream().mapToDouble(EdgeShare::share).sum();
			assertEquals(g.latency().variance() > 0 ? 1.0 : 0.0, sum, 1e-9,
					"contributions add up to the response time, so shares add up to 1: " + g.group());
		}
	}

	private static double inLargeGroups(AnalysisReport report) {
		long large = report.groups().stream().filter(g -> g.group().count() >= report.options().minTraces())
				.mapToLong(g -> g.group().count()).sum();
		return (double) large / report.traces();
	}

	private static AnalysisReport analyze(Path file, Grouping grouping) throws Exception {
		CollectingSink sink = new CollectingSink();
		new TraceImporter().read(file, sink);
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS.withGrouping(grouping));
		for (Trace t : sink.traces) {
			analysis.accept(t);
		}
		return analysis.report();
	}
}
