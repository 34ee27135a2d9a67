// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;

/**
 * Grouping by workflow on requests that fan out concurrently: one group where the critical paths differ, the
 * variance still decomposed exactly, the injected tracepoint first, and no problem where nothing is injected.
 */
class GroupingTest {

	private static final int TRACES = 400;

	@Test
	void concurrentFanOutStaysInGroupsLargeEnoughToAnalyse() throws Exception {
		List<Trace> traces = new FanOutCorpus(1, 0.05, null, 0).traces(TRACES);
		AnalysisReport byWorkflow = analyze(traces, Grouping.WORKFLOW);
		AnalysisReport byPath = analyze(traces, Grouping.CRITICAL_PATH);
		assertTrue(inLargeGroups(byWorkflow) >= 0.9, "by workflow: " + inLargeGroups(byWorkflow));
		assertEquals(1, byWorkflow.groups().size(), "every request makes the same calls");
		assertTrue(byPath.groups().size() >= 6, "3 replicas x 2 shards can each end last: " + byPath.groups().size());
	}

	@Test
	void injectedTracepointIsFirstAndTheCleanTwinHasNoProblemGroup() throws Exception {
		AnalysisReport clean = analyze(new FanOutCorpus(2, 0.05, null, 0).traces(TRACES), Grouping.WORKFLOW);
		assertTrue(clean.problemGroups().isEmpty(), "clean twin: " + clean.groups());
		AnalysisReport injected = analyze(new FanOutCorpus(2, 0.05, FanOutCorpus.INJECTED, 600).traces(TRACES),
				Grouping.WORKFLOW);
		assertTrue(inLargeGroups(injected) >= 0.9);
		assertEquals(1, injected.problemGroups().size(), injected.groups().toString());
		EdgeShare top = injected.problemGroups().get(0).edges().get(0);
		assertEquals(FanOutCorpus.INJECTED, top.from(), top.toString());
		assertEquals(FanOutCorpus.INJECTED, top.to(), top.toString());
		assertTrue(top.share() > 0.5, top.toString());
	}

	@Test
	void contributionsAddUpToTheResponseTimeSoSharesAddUpToOne() throws Exception {
		List<Trace> traces = new FanOutCorpus(3, 0.3, FanOutCorpus.INJECTED, 300).traces(TRACES);
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		traces.forEach(analysis::accept);
		AnalysisReport.Group g = analysis.report().groups().get(0);
		assertEquals(1.0, g.edges().stream().mapToDouble(EdgeShare::share).sum(), 1e-9);
		double meanSum = g.edges().stream().mapToDouble(EdgeShare::meanNanos).sum();
		assertEquals(g.latency().mean(), meanSum, 1e-6 * g.latency().mean(), "mean contributions add up to the mean");
		for (Trace t : traces.subList(0, 50)) {
			CriticalPath p = CriticalPath.of(t);
			double sum = 0;
			for (double v : g.group().contributions(p)) {
				sum += v;
			}
			assertEquals(p.duration(), sum, 1e-6, t.id());
		}
		assertTrue(g.edges().stream().anyMatch(e -> e.position() < 0),
				"some edges are on other traces' paths, not on the representative's");
	}

	@Test
	void shareIntervalsFromOnlineSumsMatchTheDirectSandwichEstimate() throws Exception {
		List<Trace> traces = new FanOutCorpus(4, 0.3, FanOutCorpus.INJECTED, 300).traces(TRACES);
		for (Grouping grouping : Grouping.values()) {
			AnalysisReport report = analyze(traces, grouping);
			AnalysisReport.Group g = report.groups().get(0);
			List<Trace> members = traces.stream().filter(t -> g.group().traceIds().contains(t.id())).toList();
			int n = members.size();
			double[] total = new double[n];
			double[][] x = new double[n][];
			for (int i = 0; i < n; i++) {
				CriticalPath p = CriticalPath.of(members.get(i));
				total[i] = p.duration();
				x[i] = g.group().contributions(p);
			}
			double meanT = java.util.Arrays.stream(total).average().orElseThrow();
			double stt = 0;
			for (double t : total) {
				stt += (t - meanT) * (t - meanT);
			}
			for (EdgeShare e : g.edges().subList(0, Math.min(5, g.edges().size()))) {
				double meanX = 0;
				for (double[] row : x) {
					meanX += (e.slot() < row.length ? row[e.slot()] : 0) / n;
				}
				double meat = 0;
				for (int i = 0; i < n; i++) {
					double xi = e.slot() < x[i].length ? x[i][e.slot()] : 0;
					double r = xi - meanX - e.share() * (total[i] - meanT);
					meat += (total[i] - meanT) * (total[i] - meanT) * r * r;
				}
				double se = Math.sqrt((double) n / (n - 2) * meat / (stt * stt));
				double half = RequestGroup.studentT975(n - 2) * se;
				assertEquals(half, (e.shareHigh() - e.shareLow()) / 2, 1e-6 * Math.max(half, 1e-3),
						grouping + " " + e.label());
			}
		}
	}

	private static double inLargeGroups(AnalysisReport report) {
		long large = report.groups().stream().filter(g -> g.group().count() >= report.options().minTraces())
				.mapToLong(g -> g.group().count()).sum();
		return (double) large / report.traces();
	}

	private static AnalysisReport analyze(List<Trace> traces, Grouping grouping) {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS.withGrouping(grouping));
		traces.forEach(analysis::accept);
		return analysis.report();
	}
}
