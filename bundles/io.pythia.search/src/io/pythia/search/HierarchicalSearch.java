// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.Comparator;
import java.util.List;

/**
 * Pythia's hierarchical search: find the deepest calling context shared by the edge's endpoints, and enable the
 * tracepoints one level deeper inside it (the shallowest disabled ones within the edge), longest-running first.
 */
public final class HierarchicalSearch implements SearchStrategy {

	private final long seed;

	public HierarchicalSearch(long seed) {
		this.seed = seed;
	}

	@Override
	public String name() {
		return "hierarchical";
	}

	@Override
	public List<SearchSpace.Tracepoint> propose(SearchSpace space, ProblemEdge edge, InstrumentationState state,
			int budget) {
		List<SearchSpace.Tracepoint> inside = SearchStrategy.disabledInside(space, edge, state);
		int shallowest = inside.stream().mapToInt(SearchSpace.Tracepoint::depth).min().orElse(-1);
		List<SearchSpace.Tracepoint> level = inside.stream().filter(tp -> tp.depth() == shallowest).toList();
		return SearchStrategy.best(level,
				Comparator.comparingDouble(SearchSpace.Tracepoint::meanDuration).reversed(), budget, seed);
	}

	@Override
	public String rationale(SearchSpace space, ProblemEdge edge) {
		return "one level deeper inside " + edge.context(space) + ", the deepest calling context the edge lies in";
	}
}
