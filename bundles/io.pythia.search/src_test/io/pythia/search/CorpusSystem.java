// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.List;

import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceRestriction;

/**
 * A fake connected system for tests: its "agents" hold an instrumentation state that pushes change, and each
 * collection returns the fully instrumented corpus as those agents would have recorded it.
 */
final class CorpusSystem implements CycleEngine.ConnectedSystem {

	private final List<Trace> corpus;
	InstrumentationState agents;
	final List<InstrumentationState.Diff> pushes = new ArrayList<>();

	CorpusSystem(List<Trace> corpus, InstrumentationState initial) {
		this.corpus = corpus;
		this.agents = initial;
	}

	@Override
	public List<Trace> collect() {
		List<Trace> out = new ArrayList<>();
		for (Trace t : corpus) {
			String type = RequestTypeRule.ROOT_OPERATION.requestType(t);
			InstrumentationState on = agents;
			out.add(TraceRestriction.restrict(t, e -> on.enabled(t.tracepoint(e), type)));
		}
		return out;
	}

	@Override
	public void push(InstrumentationState.Diff diff) {
		pushes.add(diff);
		agents = agents.without(diff.disabled()).with(diff.enabled());
	}
}
