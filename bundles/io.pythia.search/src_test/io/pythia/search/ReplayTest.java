// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;

/**
 * Replays a generated corpus with a delay injected at a known deep tracepoint: every strategy must localize it;
 * hierarchical search with at most 10% of the search space enabled. The figures are printed.
 */
class ReplayTest {

	private static final String TRUTH = "svc3:create.call3.step2.sub3";
	private static List<Trace> corpus;
	private static SearchSpace space;
	private static final Replay.Options OPTIONS = new Replay.Options(new Budget(3, 1000), 20, 0.5, 3,
			AnalysisOptions.DEFAULTS);

	@BeforeAll
	static void corpus() throws Exception {
		corpus = new LayeredCorpus(11, "create", TRUTH).traces(60);
		space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
	}

	@Test
	void searchSpaceHasTheHierarchyAndASkeletonOfServiceEntries() {
		assertEquals(3 * 85, space.size());
		assertEquals(3 * 5, space.skeleton().count(), "root and four service entries per type");
		assertEquals("svc3:create.call3.step2", space.tracepoint("create", TRUTH).parent());
		assertEquals(3, space.tracepoint("create", TRUTH).depth());
		assertEquals(List.of(TRUTH, "svc3:create.call3.step2", "svc3:create.call3", "api:create"),
				space.contexts("create", TRUTH));
	}

	@Test
	void hierarchicalLocalizesWithinTenPercent() {
		Replay.Result r = run(new HierarchicalSearch(1));
		assertTrue(r.matches(TRUTH), r.toString());
		assertTrue(r.enabledFraction() <= 0.10, "enabled " + r.enabledFraction());
		assertTrue(r.cycles() <= 6, "cycles " + r.cycles());
	}

	@Test
	void progressCountsTheCyclesAndACancelStopsTheReplay() {
		int[] worked = new int[1];
		boolean[] cancel = new boolean[1];
		io.pythia.core.Progress progress = new io.pythia.core.Progress() {
			@Override
			public void begin(String task, int totalWork) {
				assertEquals(OPTIONS.maxCycles(), totalWork);
			}

			@Override
			public void subTask(String name) {
			}

			@Override
			public void worked(int work) {
				worked[0] += work;
			}

			@Override
			public boolean isCanceled() {
				return cancel[0];
			}
		};
		Replay.Result r = Replay.run(corpus, space, new HierarchicalSearch(1), OPTIONS, progress);
		assertEquals(r.cycles() - 1, worked[0], "one unit per cycle that was finished and followed by another");
		cancel[0] = true;
		org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
				() -> Replay.run(corpus, space, new HierarchicalSearch(1), OPTIONS, progress));
	}

	@Test
	void flatLocalizes() {
		Replay.Result r = run(new FlatSearch(1));
		assertTrue(r.matches(TRUTH), r.toString());
	}

	@Test
	void historicUsesWhatMatteredBefore() {
		Replay.Result cold = run(new HistoricSearch(1, new History()));
		assertTrue(cold.matches(TRUTH), "without history it searches hierarchically: " + cold);
		History history = new History();
		history.record("create", TRUTH);
		Replay.Result warm = run(new HistoricSearch(1, history));
		assertTrue(warm.matches(TRUTH), warm.toString());
		assertTrue(warm.cycles() < cold.cycles(), "history helps: " + warm.cycles() + " vs " + cold.cycles());
	}

	@Test
	void noInjectedProblemMeansVarianceGoneAtOnce() throws Exception {
		List<Trace> calm = new LayeredCorpus(12, null, null).traces(30);
		SearchSpace calmSpace = SearchSpace.build(calm, RequestTypeRule.ROOT_OPERATION);
		Replay.Result r = Replay.run(calm, calmSpace, new HierarchicalSearch(1), OPTIONS);
		assertEquals(StopReason.VARIANCE_GONE, r.stop());
		assertEquals(1, r.cycles());
		assertEquals(calmSpace.skeleton().count(), r.enabled());
	}

	@Test
	void aTightBudgetStopsTheSearch() {
		Replay.Result r = Replay.run(corpus, space, new HierarchicalSearch(1),
				new Replay.Options(new Budget(3, 16), 20, 0.5, 3, AnalysisOptions.DEFAULTS));
		assertEquals(StopReason.BUDGET, r.stop(), r.toString());
		assertTrue(r.peakEnabled() <= 16, r.toString());
	}

	/**
	 * The random baseline over ten seeds against hierarchical search over the same seeds: it must localize too (it
	 * enables only inside the problem edge), and what the hierarchy is worth shows in the tracepoints it saves.
	 */
	@Test
	void theRandomBaselineLocalizesAtAHigherCost() {
		List<Replay.Result> random = new java.util.ArrayList<>();
		List<Replay.Result> hierarchical = new java.util.ArrayList<>();
		for (long seed = 1; seed <= 10; seed++) {
			random.add(run(new RandomSearch(seed)));
			hierarchical.add(run(new HierarchicalSearch(seed)));
		}
		long localized = random.stream().filter(r -> r.matches(TRUTH)).count();
		double randomEnabled = median(random.stream().mapToDouble(Replay.Result::enabledFraction).toArray());
		double hierarchicalEnabled = median(hierarchical.stream().mapToDouble(Replay.Result::enabledFraction).toArray());
		double randomCycles = median(random.stream().mapToDouble(Replay.Result::cycles).toArray());
		double hierarchicalCycles = median(hierarchical.stream().mapToDouble(Replay.Result::cycles).toArray());
		System.out.printf(Locale.ROOT, "replay, 10 seeds: random localized %d/10, median %.0f cycles, %.1f%% enabled; "
				+ "hierarchical %d/10, %.0f cycles, %.1f%% enabled%n", localized, randomCycles, randomEnabled * 100,
				hierarchical.stream().filter(r -> r.matches(TRUTH)).count(), hierarchicalCycles, hierarchicalEnabled * 100);
		assertTrue(localized >= 8, "random localizes the cause in most runs: " + random);
		assertTrue(randomEnabled > hierarchicalEnabled || randomCycles > hierarchicalCycles,
				"the hierarchy is worth something: random " + random + " vs hierarchical " + hierarchical);
		assertEquals(run(new RandomSearch(3)), run(new RandomSearch(3)), "the same seed, the same search");
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		java.util.Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	@Test
	void sameSeedSameSearch() {
		assertEquals(run(new FlatSearch(5)), run(new FlatSearch(5)));
	}

	private static Replay.Result run(SearchStrategy strategy) {
		Replay.Result r = Replay.run(corpus, space, strategy, OPTIONS);
		System.out.printf(Locale.ROOT, "replay %-12s stop=%s localized=%s cycles=%d enabled=%d (%.1f%% of %d) matches=%s%n",
				r.strategy(), r.stop().label(), r.localizedTracepoint(), r.cycles(), r.enabled(),
				r.enabledFraction() * 100, space.size(), r.matches(TRUTH));
		return r;
	}
}
