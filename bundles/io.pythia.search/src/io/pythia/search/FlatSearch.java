// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flat search: ignore the hierarchy and pick disabled tracepoints (at any depth) that split the edge's time window
 * of the fully instrumented request into equal parts.
 */
public final class FlatSearch implements SearchStrategy {

	private final long seed;

	public FlatSearch(long seed) {
		this.seed = seed;
	}

	@Override
	public String name() {
		return "flat";
	}

	@Override
	public List<SearchSpace.Tracepoint> propose(SearchSpace space, ProblemEdge edge, InstrumentationState state,
			int budget) {
		List<SearchSpace.Tracepoint> inside = new ArrayList<>(SearchStrategy.disabledInside(space, edge, state));
		double[] w = edge.window(space);
		List<SearchSpace.Tracepoint> picked = new ArrayList<>();
		for (int i = 1; i <= budget && !inside.isEmpty(); i++) {
			double target = w[0] + (w[1] - w[0]) * i / (budget + 1);
			SearchSpace.Tracepoint nearest = SearchStrategy.best(inside,
					Comparator.comparingDouble(tp -> Math.abs(tp.meanStart() - target)), 1, seed + i).get(0);
			picked.add(nearest);
			inside.remove(nearest);
		}
		return picked;
	}

	@Override
	public String rationale(SearchSpace space, ProblemEdge edge) {
		return "tracepoints that split the edge's time into equal parts, at any depth";
	}
}
