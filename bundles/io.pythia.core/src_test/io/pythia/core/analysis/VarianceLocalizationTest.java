// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * Known-answer tests: variance injected on chosen critical-path edges of generated workflows must be found there,
 * with the share the injected variances predict. Tolerance: 0.05 absolute on shares from 2,000 traces.
 */
class VarianceLocalizationTest {

	private static final double TOLERANCE = 0.05;

	@Test
	void noInjectedVarianceMeansNoProblemGroup() throws Exception {
		AnalysisReport report = analyze(new WorkflowCorpus(1, 20), 500);
		assertEquals(1, report.groups().size(), "one request type, one path structure");
		AnalysisReport.Group g = report.groups().get(0);
		assertEquals(500, g.group().count());
		assertTrue(g.latency().coefficientOfVariation() < 0.05, "CV " + g.latency().coefficientOfVariation());
		assertTrue(report.problemGroups().isEmpty());
		assertEquals(1.0, g.edges().stream().mapToDouble(EdgeShare::share).sum(), 1e-9, "shares sum to 1");
	}

	@Test
	void oneNoisyEdgeIsRankedFirstWithTheExpectedShare() throws Exception {
		WorkflowCorpus corpus = new WorkflowCorpus(2, 20);
		corpus.extra("spawn", () -> corpus.random().nextGaussian() * 3000);
		AnalysisReport report = analyze(corpus, 2000);
		AnalysisReport.Group g = single(report);
		assertTrue(g.problem(), "CV " + g.latency().coefficientOfVariation());
		EdgeShare top = g.edges().get(0);
		assertEquals("compute:spawn", top.from());
		assertEquals(EventKind.ENTRY, top.fromKind());
		assertEquals("compute:spawn", top.to());
		assertEquals(EventKind.EXIT, top.toKind());
		// 3000² / (3000² + 4 steps × 20²) = 0.998
		assertEquals(0.998, top.share(), TOLERANCE);
		assertEquals(1.0, g.edges().stream().mapToDouble(EdgeShare::share).sum(), 1e-9);
	}

	@Test
	void twoNoisyEdgesShareTheVarianceByTheirSize() throws Exception {
		WorkflowCorpus corpus = new WorkflowCorpus(3, 10);
		corpus.extra("auth", () -> corpus.random().nextGaussian() * 1000); // variance 1e6
		corpus.extra("image", () -> corpus.random().nextGaussian() * 2000); // variance 4e6
		AnalysisReport.Group g = single(analyze(corpus, 2000));
		assertEquals("glance:image", g.edges().get(0).from());
		assertEquals("keystone:auth", g.edges().get(1).from());
		assertEquals(0.8, g.edges().get(0).share(), TOLERANCE);
		assertEquals(0.2, g.edges().get(1).share(), TOLERANCE);
	}

	@Test
	void covariancePairSharesItsVarianceThroughTheCovarianceTerms() throws Exception {
		WorkflowCorpus corpus = new WorkflowCorpus(4, 10);
		// one random delay hits schedule and spawn alike: each has a quarter of the variance as its own, and the
		// covariance term (2 cov) doubles it, so each edge's share is about one half
		double[] shared = new double[1];
		corpus.extra("schedule", () -> {
			shared[0] = Math.abs(corpus.random().nextGaussian()) * 2000;
			return shared[0];
		});
		corpus.extra("spawn", () -> shared[0]);
		AnalysisReport.Group g = single(analyze(corpus, 2000));
		List<String> top2 = List.of(g.edges().get(0).from(), g.edges().get(1).from());
		assertTrue(top2.contains("scheduler:schedule") && top2.contains("compute:spawn"), top2.toString());
		for (EdgeShare e : g.edges().subList(0, 2)) {
			assertEquals(0.5, e.share(), TOLERANCE);
			assertEquals(0.25, e.varianceShare(), TOLERANCE);
		}
	}

	@Test
	void groupsSplitByRequestTypeAndPathStructure() throws Exception {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		for (Trace t : new WorkflowCorpus(5, 20).traces(10)) {
			analysis.accept(t);
		}
		Analysis other = new Analysis(AnalysisOptions.DEFAULTS.withRequestTypeRule(t -> "other"));
		for (Trace t : new WorkflowCorpus(6, 20).traces(3)) {
			analysis.accept(t);
			other.accept(t);
		}
		assertEquals(1, analysis.report().groups().size());
		assertEquals(13, analysis.report().groups().get(0).group().count());
		assertFalse(analysis.report().groups().get(0).group().id().equals(other.report().groups().get(0).group().id()),
				"another request type is another group");
		assertEquals(Analysis.groupId(new WorkflowStructure().of("create", new WorkflowCorpus(7, 1).traces(1).get(0))),
				analysis.report().groups().get(0).group().id(), "group ids are stable across runs");
		Analysis byPath = new Analysis(AnalysisOptions.DEFAULTS.withGrouping(Grouping.CRITICAL_PATH));
		new WorkflowCorpus(5, 20).traces(10).forEach(byPath::accept);
		assertEquals(Analysis.groupId(Analysis.signature("create", CriticalPath.of(new WorkflowCorpus(7, 1).traces(1).get(0)))),
				byPath.report().groups().get(0).group().id(), "by critical path too");
	}

	private static AnalysisReport analyze(WorkflowCorpus corpus, int n) throws Exception {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		for (Trace t : corpus.traces(n)) {
			analysis.accept(t);
		}
		return analysis.report();
	}

	private static AnalysisReport.Group single(AnalysisReport report) {
		assertEquals(1, report.groups().size());
		return report.groups().get(0);
	}
}
