// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;

/** A steady 30 ms delay: found through the request type's objective, by where the time goes. */
class SlowGroupSearchTest {

	private static final String DELAYED = "svc3:create.call3.step2.sub3";

	@Test
	void aSlowButSteadyGroupIsFollowedDownToItsDelayedStep() throws Exception {
		List<Trace> corpus = new LayeredCorpus(31, Set.of("create/" + DELAYED), 30_000).steady().traces(60);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		Replay.Result without = replay(corpus, space, AnalysisOptions.DEFAULTS);
		assertEquals(StopReason.VARIANCE_GONE, without.stop(), "steady: no variance to follow " + without);
		// the create requests take about 36 ms with the delay: an objective of 20 ms
		Replay.Result with = replay(corpus, space, AnalysisOptions.DEFAULTS.withSlos(Map.of("create", 20.0)));
		assertTrue(with.matches(DELAYED), with.toString());
		assertEquals(1, with.findings().size(), with.findings().toString());
		assertTrue(with.findings().get(0).share() > 0.5, "it takes most of the time: " + with.findings().get(0));
		System.out.printf("slow group: localized %s in %d cycles, %.1f%% enabled%n", with.localizedTracepoint(),
				with.cycles(), with.enabledFraction() * 100);
	}

	private static Replay.Result replay(List<Trace> corpus, SearchSpace space, AnalysisOptions analysis) {
		return Replay.run(corpus, space, new HierarchicalSearch(1),
				new Replay.Options(new Budget(3, 1000), 20, 0.5, 3, analysis));
	}
}
