// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;

/**
 * A system whose every step varies is noisy, not broken: its groups' variance is spread thinly, so none is a
 * problem group; the same system with one step delayed has that step first, standing clearly out.
 */
class NoiseIsNotAProblemTest {

	private static final String DELAYED = "svc3:call.step2.sub3";

	@Test
	void lognormalNoiseEverywhereGivesNoProblemGroup() throws Exception {
		noiseOnly(false);
	}

	@Test
	void lognormalNoiseOnEveryStepBetweenFixedGapsGivesNoProblemGroup() throws Exception {
		noiseOnly(true);
	}

	private static void noiseOnly(boolean fixedGaps) throws Exception {
		for (long seed = 1; seed <= 10; seed++) {
			LayeredNoiseCorpus corpus = new LayeredNoiseCorpus(seed, 0.8, null, 0);
			AnalysisReport report = analyze((fixedGaps ? corpus.fixedGaps() : corpus).traces(300));
			AnalysisReport.Group g = report.groups().get(0);
			EdgeShare top = g.edges().get(0);
			System.out.printf("noise sigma 0.8%s, seed %d: CV %.3f, top share %.3f [%.3f, %.3f], %d edges: %s%n",
					fixedGaps ? " (fixed gaps)" : "", seed, g.latency().coefficientOfVariation(), top.share(), top.shareLow(), top.shareHigh(), g.edges().size(),
					g.reason().label());
			assertTrue(g.latency().coefficientOfVariation() > report.options().cvThreshold(), "the CV alone would flag it");
			assertEquals(AnalysisReport.Reason.SPREAD, g.reason());
			assertTrue(report.problemGroups().isEmpty());
		}
	}

	@Test
	void theSameNoiseWithOneDelayedStepPutsThatStepFirst() throws Exception {
		for (long seed = 1; seed <= 10; seed++) {
			LayeredNoiseCorpus corpus = new LayeredNoiseCorpus(seed, 0.8, DELAYED, 2000);
			AnalysisReport report = analyze((seed % 2 == 0 ? corpus.fixedGaps() : corpus).traces(300));
			assertEquals(1, report.problemGroups().size(), "seed " + seed);
			AnalysisReport.Group g = report.problemGroups().get(0);
			EdgeShare top = g.edges().get(0);
			System.out.printf("noise sigma 0.8 + delay, seed %d: top %s %.3f [%.3f, %.3f]%n", seed, top.from(), top.share(),
					top.shareLow(), top.shareHigh());
			assertEquals(AnalysisReport.Reason.VARIANCE, g.reason());
			assertEquals(DELAYED, top.from());
			assertEquals(DELAYED, top.to());
			assertTrue(top.shareLow() <= top.share() && top.share() <= top.shareHigh());
		}
	}

	@Test
	void theShareIntervalCoversTheTrueShareAboutNineteenTimesInTwenty() throws Exception {
		// the delayed step's share in the population, estimated on a corpus 50x larger than each sample
		double truth = top(analyze(new LayeredNoiseCorpus(99, 0.8, DELAYED, 2000).traces(15_000)), DELAYED).share();
		int covered = 0;
		int runs = 100;
		for (long seed = 1; seed <= runs; seed++) {
			EdgeShare e = top(analyze(new LayeredNoiseCorpus(1000 + seed, 0.8, DELAYED, 2000).traces(300)), DELAYED);
			if (e.shareLow() <= truth && truth <= e.shareHigh()) {
				covered++;
			}
		}
		System.out.printf("95%% share interval covered the true share (%.3f) in %d of %d samples%n", truth, covered, runs);
		assertTrue(covered >= 85 && covered <= 100, covered + " of " + runs);
	}

	private static EdgeShare top(AnalysisReport report, String tracepoint) {
		return report.groups().get(0).edges().stream().filter(e -> e.from().equals(tracepoint) && e.to().equals(tracepoint))
				.findFirst().orElseThrow();
	}

	private static AnalysisReport analyze(List<Trace> traces) {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		traces.forEach(analysis::accept);
		return analysis.report();
	}
}
