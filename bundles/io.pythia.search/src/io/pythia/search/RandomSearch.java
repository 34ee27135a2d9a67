// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The baseline: disabled tracepoints inside the edge, picked at random (as the original Pythia's lab does), with no
 * use of the hierarchy or of time. What the other strategies gain over it is what their cleverness is worth. Each
 * call draws from a generator seeded by the strategy's seed and by the call's inputs, so a session replayed from
 * its journal proposes the same again.
 */
public final class RandomSearch implements SearchStrategy {

	private final long seed;

	public RandomSearch(long seed) {
		this.seed = seed;
	}

	@Override
	public String name() {
		return "random";
	}

	@Override
	public List<SearchSpace.Tracepoint> propose(SearchSpace space, ProblemEdge edge, InstrumentationState state,
			int budget) {
		List<SearchSpace.Tracepoint> inside = new ArrayList<>(SearchStrategy.disabledInside(space, edge, state));
		inside.sort(Comparator.comparing(SearchSpace.Tracepoint::id)); // the draw depends on the inputs, not their order
		long mix = seed;
		for (SearchSpace.Tracepoint tp : inside) {
			mix = mix * 31 + tp.id().hashCode();
		}
		Collections.shuffle(inside, new Random(mix * 31 + state.count()));
		return inside.subList(0, Math.min(budget, inside.size()));
	}

	@Override
	public String rationale(SearchSpace space, ProblemEdge edge) {
		return "tracepoints inside the edge picked at random: the baseline the other strategies are measured against";
	}
}
