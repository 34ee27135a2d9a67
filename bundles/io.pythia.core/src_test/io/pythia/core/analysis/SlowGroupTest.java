// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;

/**
 * Slow but steady: a delay that does not vary leaves the CV low, so only a response-time objective, or the request
 * type's other groups, tell that the group is slow; its edges then rank by their part of the response time.
 */
class SlowGroupTest {

	@Test
	void aSteadyDelayOverTheObjectiveMakesASlowProblemGroupLedByTheDelayedStep() throws Exception {
		List<Trace> traces = new WorkflowCorpus(21, 20).extra("image", () -> 30_000).traces(60);
		AnalysisReport without = analyze(traces, AnalysisOptions.DEFAULTS);
		AnalysisReport.Group g = without.groups().get(0);
		assertEquals(AnalysisReport.Reason.STEADY, g.reason(), "steady: CV " + g.latency().coefficientOfVariation());
		assertFalse(g.problem());
		double medianMs = g.latency().p50() / 1e6;
		AnalysisReport with = analyze(traces, AnalysisOptions.DEFAULTS.withSlos(Map.of("create", medianMs - 5)));
		AnalysisReport.Group slow = with.groups().get(0);
		assertEquals(AnalysisReport.Reason.SLOW, slow.reason());
		assertTrue(slow.problem());
		EdgeShare first = slow.ranked().get(0);
		assertEquals("glance:image", first.from(), first.toString());
		assertEquals("glance:image", first.to(), first.toString());
		assertTrue(slow.weight(first) > 0.6, "the delayed step takes most of the time: " + slow.weight(first));
		assertEquals(1.0, slow.ranked().stream().mapToDouble(slow::weight).sum(), 1e-9, "time shares add up to 1");
		AnalysisReport above = analyze(traces, AnalysisOptions.DEFAULTS.withSlos(Map.of("create", medianMs + 5)));
		assertEquals(AnalysisReport.Reason.STEADY, above.groups().get(0).reason(), "within its objective");
	}

	@Test
	void withoutAnObjectiveAGroupFarSlowerThanItsRequestTypesOthersIsNamedButNotFollowed() throws Exception {
		// the same request type, two workflows: most requests skip the image step, some fetch it, steadily slower
		List<Trace> fast = new WorkflowCorpus(22, 20).traces(80);
		List<Trace> slowOnes = new WorkflowCorpus(23, 20).extra("image", () -> 30_000).withoutStep("auth").traces(20);
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		fast.forEach(analysis::accept);
		slowOnes.forEach(analysis::accept);
		AnalysisReport report = analysis.report();
		assertEquals(2, report.groups().size());
		AnalysisReport.Group slow = report.groups().stream().filter(g -> g.group().count() == 20).findFirst().orElseThrow();
		AnalysisReport.Group normal = report.groups().stream().filter(g -> g.group().count() == 80).findFirst().orElseThrow();
		assertEquals(AnalysisReport.Reason.SLOWER_THAN_ITS_TYPE, slow.reason());
		assertFalse(slow.problem(), "another workflow may take longer by its nature");
		assertEquals(AnalysisReport.Reason.STEADY, normal.reason(), "the faster group is compared with the slow one, and is not");
	}

	@Test
	void aGroupWithinItsTypesSpreadIsNotSlow() throws Exception {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		new WorkflowCorpus(24, 20).traces(80).forEach(analysis::accept);
		new WorkflowCorpus(25, 20).extra("image", () -> 100).withoutStep("auth").traces(20).forEach(analysis::accept);
		for (AnalysisReport.Group g : analysis.report().groups()) {
			assertEquals(AnalysisReport.Reason.STEADY, g.reason(), g.group().toString());
		}
	}

	@Test
	void theOtherGroupsQuartilesAreThoseOfTheirOwnTimes() {
		java.util.Random random = new java.util.Random(3);
		for (int run = 0; run < 200; run++) {
			int n = 2 + random.nextInt(40);
			double[] all = new double[n];
			for (int i = 0; i < n; i++) {
				all[i] = random.nextInt(8); // ties, as response times in whole units have
			}
			java.util.List<Double> rest = new java.util.ArrayList<>(java.util.Arrays.stream(all).boxed().toList());
			java.util.Collections.shuffle(rest, random);
			int k = random.nextInt(n - 1);
			double[] removed = rest.subList(0, k).stream().mapToDouble(Double::doubleValue).sorted().toArray();
			double[] others = rest.subList(k, n).stream().mapToDouble(Double::doubleValue).sorted().toArray();
			java.util.Arrays.sort(all);
			for (double q : new double[] { 0, 0.25, 0.5, 0.75, 1 }) {
				assertEquals(Analysis.quantile(others, q), Analysis.quantileWithout(all, removed, q), 1e-12,
						"q " + q + " of " + java.util.Arrays.toString(others));
			}
		}
	}

	@Test
	void anObjectiveMustBeAPositiveNumber() {
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> AnalysisOptions.DEFAULTS.withSlos(Map.of("create", -1.0)));
		assertTrue(e.getMessage().contains("'create'") && e.getMessage().contains("> 0"), e.getMessage());
	}

	private static AnalysisReport analyze(List<Trace> traces, AnalysisOptions options) {
		Analysis analysis = new Analysis(options);
		traces.forEach(analysis::accept);
		return analysis.report();
	}
}
