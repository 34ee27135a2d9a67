// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.Comparator;
import java.util.List;

/**
 * Historic search: enable first the tracepoints inside the edge that mattered before for this request type (and
 * their calling contexts); with no useful history it searches hierarchically, and says so.
 */
public final class HistoricSearch implements SearchStrategy {

	private final long seed;
	private final History history;
	private final HierarchicalSearch fallback;

	public HistoricSearch(long seed, History history) {
		this.seed = seed;
		this.history = history;
		this.fallback = new HierarchicalSearch(seed);
	}

	@Override
	public String name() {
		return "historic";
	}

	@Override
	public List<SearchSpace.Tracepoint> propose(SearchSpace space, ProblemEdge edge, InstrumentationState state,
			int budget) {
		List<SearchSpace.Tracepoint> inside = SearchStrategy.disabledInside(space, edge, state);
		List<SearchSpace.Tracepoint> known = inside.stream().filter(tp -> relevance(space, edge, tp) > 0).toList();
		if (known.isEmpty()) {
			return fallback.propose(space, edge, state, budget);
		}
		return SearchStrategy.best(known,
				Comparator.comparingInt((SearchSpace.Tracepoint tp) -> -relevance(space, edge, tp)), budget, seed);
	}

	/** A tracepoint that mattered, or that encloses one that mattered. */
	private int relevance(SearchSpace space, ProblemEdge edge, SearchSpace.Tracepoint candidate) {
		int score = 0;
		for (SearchSpace.Tracepoint tp : space.tracepoints(edge.requestType())) {
			int s = history.score(edge.requestType(), tp.id());
			if (s > 0 && space.contexts(edge.requestType(), tp.id()).contains(candidate.id())) {
				score += s;
			}
		}
		return score;
	}

	@Override
	public String rationale(SearchSpace space, ProblemEdge edge) {
		return history.isEmpty() ? "no history yet for this request type: one level deeper, as hierarchical search does"
				: "tracepoints that localized problems of " + edge.requestType() + " before";
	}
}
