// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.trace.EventKind;

/**
 * Strategies on a small hand-built search space with known answers. Request "r": root R (0..100) calls A
 * (10..60) and B (60..95); A runs A1 (10..20), A2 (20..40), A3 (44..60); A2 runs A2x (20..30) and A2y (30..40).
 */
class StrategiesTest {

	private static final String T = "r";

	private static SearchSpace space() {
		Map<String, SearchSpace.Tracepoint> tps = new LinkedHashMap<>();
		put(tps, "R", null, 0, true, 0, 100);
		put(tps, "A", "R", 1, true, 10, 60);
		put(tps, "B", "R", 1, true, 60, 95);
		put(tps, "A1", "A", 2, false, 10, 20);
		put(tps, "A2", "A", 2, false, 20, 40);
		put(tps, "A3", "A", 2, false, 44, 60);
		put(tps, "A2x", "A2", 3, false, 20, 30);
		put(tps, "A2y", "A2", 3, false, 30, 40);
		return new SearchSpace(Map.of(T, tps));
	}

	private static void put(Map<String, SearchSpace.Tracepoint> tps, String id, String parent, int depth, boolean skeleton,
			double start, double end) {
		tps.put(id, new SearchSpace.Tracepoint(id, parent, depth, "svc", skeleton, start * 1e6, end * 1e6, 10));
	}

	private static ProblemEdge through(String tp) {
		return new ProblemEdge("g", T, new EdgeShare(0, tp, EventKind.ENTRY, tp, EventKind.EXIT, 0.9, 0.9, 0, 0));
	}

	private static List<String> ids(List<SearchSpace.Tracepoint> tps) {
		return tps.stream().map(SearchSpace.Tracepoint::id).toList();
	}

	@Test
	void hierarchicalEnablesOneLevelDeeperInsideTheContext() {
		SearchSpace s = space();
		InstrumentationState skeleton = s.skeleton();
		assertEquals(Set.of("R", "A", "B"), Set.copyOf(skeleton.toggles().stream().map(InstrumentationState.Toggle::tracepoint).toList()));
		List<String> picked = ids(new HierarchicalSearch(1).propose(s, through("A"), skeleton, 3));
		assertEquals(List.of("A2", "A3", "A1"), picked, "longest first");
		// with A's children on, the next level inside A2
		InstrumentationState deeper = skeleton.with(List.of(toggle("A1"), toggle("A2"), toggle("A3")));
		assertEquals(Set.of("A2x", "A2y"), Set.copyOf(ids(new HierarchicalSearch(1).propose(s, through("A2"), deeper, 3))));
		// a budget of one keeps the longest
		assertEquals(List.of("A2"), ids(new HierarchicalSearch(1).propose(s, through("A"), skeleton, 1)));
	}

	@Test
	void edgeBetweenSiblingsLiesInTheirParent() {
		SearchSpace s = space();
		ProblemEdge gap = new ProblemEdge("g", T, new EdgeShare(0, "A1", EventKind.EXIT, "A3", EventKind.ENTRY, 0.9, 0.9, 0, 0));
		assertEquals("A", gap.context(s));
		InstrumentationState on = s.skeleton().with(List.of(toggle("A1"), toggle("A3")));
		assertEquals(List.of("A2"), ids(new HierarchicalSearch(1).propose(s, gap, on, 3)));
		ProblemEdge toB = new ProblemEdge("g", T, new EdgeShare(0, "A", EventKind.EXIT, "B", EventKind.ENTRY, 0.9, 0.9, 0, 0));
		assertEquals("R", toB.context(s));
		assertEquals(List.of(), ids(new HierarchicalSearch(1).propose(s, toB, s.skeleton(), 3)), "nothing runs between A and B");
	}

	@Test
	void flatSplitsTheEdgeEvenlyAtAnyDepth() {
		SearchSpace s = space();
		// A spans 10..60: one pick aims at 35 (A2y starts at 30, A2x and A2 at 20, A3 at 44)
		List<String> one = ids(new FlatSearch(1).propose(s, through("A"), s.skeleton(), 1));
		assertEquals(List.of("A2y"), one);
		List<String> three = ids(new FlatSearch(1).propose(s, through("A"), s.skeleton(), 3));
		assertEquals(3, three.size());
		assertTrue(three.contains("A2y") && three.contains("A3"), three.toString());
	}

	@Test
	void historicPrefersWhatMatteredAndItsContexts() {
		SearchSpace s = space();
		History h = new History();
		h.record(T, "A2y");
		List<String> picked = ids(new HistoricSearch(1, h).propose(s, through("A"), s.skeleton(), 1));
		assertTrue(picked.equals(List.of("A2")) || picked.equals(List.of("A2y")), picked.toString());
		assertEquals(List.of("A2y", "A2"), ids(new HistoricSearch(1, h).propose(s, through("A"), s.skeleton(), 2)).stream()
				.sorted((a, b) -> b.length() - a.length()).toList());
		assertEquals(ids(new HierarchicalSearch(1).propose(s, through("A"), s.skeleton(), 3)),
				ids(new HistoricSearch(1, new History()).propose(s, through("A"), s.skeleton(), 3)),
				"no history: hierarchical");
	}

	@Test
	void stateDiffAndFraction() {
		SearchSpace s = space();
		InstrumentationState a = s.skeleton();
		InstrumentationState b = a.with(List.of(toggle("A1"))).without(List.of(toggle("B")));
		InstrumentationState.Diff d = a.diff(b);
		assertEquals(Set.of(toggle("A1")), d.enabled());
		assertEquals(Set.of(toggle("B")), d.disabled());
		assertTrue(a.diff(a).isEmpty());
		assertEquals(3.0 / 8, a.fraction(s), 1e-12);
	}

	@Test
	void budgetsAsCountOrFraction() {
		SearchSpace s = space();
		assertEquals(4, Budget.of(3, 0.5, s).cap());
		assertEquals(6, Budget.of(3, 6, s).cap());
		assertThrows(IllegalArgumentException.class, () -> new Budget(0, 5));
		assertThrows(IllegalArgumentException.class, () -> SearchStrategy.named("clever", 1, new History()));
		assertEquals("random", SearchStrategy.named("random", 1, new History()).name());
	}

	private static InstrumentationState.Toggle toggle(String tp) {
		return new InstrumentationState.Toggle(tp, T);
	}
}
