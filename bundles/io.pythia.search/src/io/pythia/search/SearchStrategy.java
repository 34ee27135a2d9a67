// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Decides which disabled tracepoints to enable to explain a problem edge. Implementations are deterministic for a
 * given seed.
 */
public interface SearchStrategy {

	/** "hierarchical", "flat", "historic" or "random". */
	String name();

	/** At most {@code budget} disabled tracepoints inside the edge, best first. */
	List<SearchSpace.Tracepoint> propose(SearchSpace space, ProblemEdge edge, InstrumentationState state, int budget);

	/** One sentence on why this strategy picked what it picked, for the proposal's reason. */
	String rationale(SearchSpace space, ProblemEdge edge);

	static SearchStrategy named(String name, long seed, History history) {
		return switch (name) {
		case "hierarchical" -> new HierarchicalSearch(seed);
		case "flat" -> new FlatSearch(seed);
		case "historic" -> new HistoricSearch(seed, history);
		case "random" -> new RandomSearch(seed);
		default -> throw new IllegalArgumentException("unknown strategy '" + name + "': use hierarchical, flat, historic or random");
		};
	}

	/**
	 * Disabled tracepoints that run inside the edge: below its calling context, and within its time window (mean
	 * offsets, with a little slack since means of different requests blur the borders). An edge from a span's entry
	 * to its exit holds everything below that span, whatever the offsets say: the means of a tracepoint called from
	 * two places, or of requests slowed in different places, need not nest (seen with five lab problems at once,
	 * where the window let one child of a slow write through and the search stopped at the write).
	 */
	static List<SearchSpace.Tracepoint> disabledInside(SearchSpace space, ProblemEdge edge, InstrumentationState state) {
		List<SearchSpace.Tracepoint> out = new ArrayList<>();
		for (SearchSpace.Tracepoint tp : space.tracepoints(edge.requestType())) {
			if (!state.enabled(tp.id(), edge.requestType()) && inside(space, edge, tp.id())) {
				out.add(tp);
			}
		}
		return out;
	}

	/** Whether a tracepoint runs inside the edge, by the rules of {@link #disabledInside}. */
	static boolean inside(SearchSpace space, ProblemEdge edge, String tracepoint) {
		String context = edge.context(space);
		if (context == null || tracepoint.equals(context) || !space.within(edge.requestType(), tracepoint, context)) {
			return false;
		}
		if (edge.edge().from().equals(context) && edge.edge().to().equals(context)
				&& edge.edge().fromKind() == io.pythia.core.trace.EventKind.ENTRY
				&& edge.edge().toKind() == io.pythia.core.trace.EventKind.EXIT) {
			return true;
		}
		double[] w = edge.window(space);
		if (Double.isNaN(w[0]) || Double.isNaN(w[1])) {
			return false;
		}
		double slack = 0.02 * Math.abs(w[1] - w[0]) + 1_000;
		double[] o = space.offsets(edge.requestType(), tracepoint, context);
		return o[0] >= w[0] - slack && o[1] <= w[1] + slack;
	}

	/** Sorts by the key, ties broken by a seeded shuffle, and keeps the first {@code budget}. */
	static List<SearchSpace.Tracepoint> best(List<SearchSpace.Tracepoint> candidates,
			Comparator<SearchSpace.Tracepoint> order, int budget, long seed) {
		List<SearchSpace.Tracepoint> shuffled = new ArrayList<>(candidates);
		shuffled.sort(Comparator.comparing(SearchSpace.Tracepoint::id)); // a stable start for the shuffle
		Collections.shuffle(shuffled, new Random(seed));
		shuffled.sort(order); // stable: equal keys keep the shuffled order
		return shuffled.subList(0, Math.min(budget, shuffled.size()));
	}
}
