// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.Trace;

/**
 * A group past {@link RequestGroup#EXACT_TIMES_KEPT} traces keeps a sketch of its response times: its percentiles
 * are within the sketch's accuracy of the exact ones, and any split of the traces, merged, gives the same ones.
 */
class LargeGroupSketchTest {

	@Test
	void percentilesOfALargeGroupAreWithinTheSketchsAccuracyAndTheSameForAnySplit() throws Exception {
		int n = RequestGroup.EXACT_TIMES_KEPT + 2_500;
		List<Trace> corpus = new WorkflowCorpus(11, 300).extra("image", () -> 0).traces(n);
		AnalysisOptions options = AnalysisOptions.DEFAULTS;
		AnalysisReport whole = MergedAnalysisTest.analyse(corpus, options);
		AnalysisReport.Group group = whole.groups().get(0);
		assertEquals(n, group.group().count(), "one workflow: one group");
		assertFalse(group.group().exactTimes(), "past " + RequestGroup.EXACT_TIMES_KEPT + " traces the group keeps a sketch");

		double[] exact = corpus.stream().mapToDouble(t -> CriticalPath.of(t).duration()).sorted().toArray();
		LatencySummary e = LatencySummary.of(exact);
		LatencySummary s = group.latency();
		for (double[] p : new double[][] { { e.p50(), s.p50() }, { e.p90(), s.p90() }, { e.p99(), s.p99() } }) {
			assertEquals(p[0], p[1], RequestGroup.SKETCH_ACCURACY * p[0], "a percentile off by more than the sketch's accuracy");
		}
		assertEquals(e.mean(), s.mean(), 1e-9 * e.mean(), "the moments stay exact");
		int[] bins = group.group().histogram(group.group().range()[0], group.group().range()[1], 20);
		assertEquals(n, Arrays.stream(bins).sum(), "the histogram counts every trace");

		Random random = new Random(5);
		for (int run = 0; run < 4; run++) {
			int parts = 2 + random.nextInt(4);
			List<List<Trace>> split = new ArrayList<>();
			for (int i = 0; i < parts; i++) {
				split.add(new ArrayList<>());
			}
			corpus.forEach(t -> split.get(random.nextInt(parts)).add(t));
			AnalysisReport merged = MergedAnalysisTest.merged(split, options);
			assertEquals(List.of(), ReportAgreement.differences(whole, merged, false), "split into " + parts);
			LatencySummary m = merged.groups().get(0).latency();
			assertEquals(List.of(s.p50(), s.p90(), s.p99()), List.of(m.p50(), m.p90(), m.p99()), "the same sketch whatever the split");
		}

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Analysis a = new Analysis(options);
		corpus.forEach(a::accept);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(a);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			Analysis back = (Analysis) in.readObject();
			LatencySummary b = back.report().groups().get(0).latency();
			assertEquals(List.of(s.p50(), s.p90(), s.p99()), List.of(b.p50(), b.p90(), b.p99()), "the sketch survives its trip through bytes");
		}
	}

	@Test
	void aGroupFarSlowerThanALargeGroupOfItsTypeIsNamedFromTheSketch() throws Exception {
		List<Trace> fast = new WorkflowCorpus(22, 20).traces(RequestGroup.EXACT_TIMES_KEPT + 500);
		List<Trace> slowOnes = new WorkflowCorpus(23, 20).extra("image", () -> 30_000).withoutStep("auth").traces(20);
		List<Trace> alike = new WorkflowCorpus(24, 20).withoutStep("auth").traces(20);
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		fast.forEach(analysis::accept);
		slowOnes.forEach(analysis::accept);
		AnalysisReport report = analysis.report();
		AnalysisReport.Group big = report.groups().stream().filter(g -> g.group().count() > 10_000).findFirst().orElseThrow();
		AnalysisReport.Group slow = report.groups().stream().filter(g -> g.group().count() == 20).findFirst().orElseThrow();
		assertFalse(big.group().exactTimes());
		assertEquals(AnalysisReport.Reason.SLOWER_THAN_ITS_TYPE, slow.reason());
		assertEquals(AnalysisReport.Reason.STEADY, big.reason());

		Analysis same = new Analysis(AnalysisOptions.DEFAULTS);
		fast.forEach(same::accept);
		alike.forEach(same::accept);
		AnalysisReport.Group other = same.report().groups().stream().filter(g -> g.group().count() == 20).findFirst().orElseThrow();
		assertEquals(AnalysisReport.Reason.STEADY, other.reason(), "a group as fast as the large one is not slow");
	}

	@Test
	void aSmallGroupKeepsItsResponseTimesExactly() throws Exception {
		List<Trace> corpus = new WorkflowCorpus(12, 300).traces(200);
		AnalysisReport.Group group = MergedAnalysisTest.analyse(corpus, AnalysisOptions.DEFAULTS).groups().get(0);
		assertTrue(group.group().exactTimes());
		double[] exact = corpus.stream().mapToDouble(t -> CriticalPath.of(t).duration()).sorted().toArray();
		assertEquals(LatencySummary.of(exact).p90(), group.latency().p90());
	}
}
