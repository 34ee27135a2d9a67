// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;

/**
 * Several problems at once: the search localizes one, goes on to the problem groups it does not explain, and stops
 * when none is left, with every problem among its findings.
 */
class SeveralProblemsTest {

	private static final Replay.Options OPTIONS = new Replay.Options(new Budget(3, 1000), 20, 0.5, 3,
			AnalysisOptions.DEFAULTS);

	@Test
	void twoProblemsInTwoRequestTypesAreBothLocalized() throws Exception {
		Replay.Result r = replay(Set.of("create/svc3:create.call3.step2.sub3", "delete/svc1:delete.call1.step4.sub2"), 11);
		assertTrue(r.localizedAll(List.of("svc3:create.call3.step2.sub3", "svc1:delete.call1.step4.sub2")), r.toString());
		assertEquals(StopReason.LOCALIZED, r.stop());
		assertEquals(2, r.findings().size(), "nothing else is taken for a problem: " + r.findings());
	}

	@Test
	void twoProblemsInOneRequestTypeAreBothLocalized() throws Exception {
		Replay.Result r = replay(Set.of("create/svc3:create.call3.step2.sub3", "create/svc1:create.call1.step1.sub4"), 12);
		assertTrue(r.localizedAll(List.of("svc3:create.call3.step2.sub3", "svc1:create.call1.step1.sub4")), r.toString());
		assertEquals(2, r.findings().size(), r.findings().toString());
	}

	@Test
	void oneProblemStillStopsAtIt() throws Exception {
		Replay.Result r = replay(Set.of("list/svc2:list.call2.step3.sub1"), 13);
		assertTrue(r.matches("svc2:list.call2.step3.sub1"), r.toString());
		assertEquals(1, r.findings().size(), r.findings().toString());
	}

	private static Replay.Result replay(Set<String> delayed, long seed) throws Exception {
		List<Trace> corpus = new LayeredCorpus(seed, delayed, 2000).traces(60);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		Replay.Result r = Replay.run(corpus, space, new HierarchicalSearch(1), OPTIONS);
		System.out.printf("several problems %s: %s after %d cycles, %.1f%% enabled, findings %s%n", delayed, r.stop().label(),
				r.cycles(), r.enabledFraction() * 100, r.findings().stream().map(Finding::tracepoint).toList());
		return r;
	}
}
