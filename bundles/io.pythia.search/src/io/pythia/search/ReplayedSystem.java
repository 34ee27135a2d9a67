// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.List;

import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceRestriction;

/**
 * A system simulated from traces recorded with all instrumentation enabled: its instrumentation state changes with
 * every push, and each collection returns the recorded traces as that instrumentation would have recorded them
 * (events of disabled tracepoints hidden, edges contracted). The strategy lab runs the cycle engine against it.
 */
public final class ReplayedSystem implements CycleEngine.ConnectedSystem {

	private final List<Trace> corpus;
	private final RequestTypeRule rule;
	private InstrumentationState instrumentation;
	private int pushes;

	public ReplayedSystem(List<Trace> corpus, RequestTypeRule rule, InstrumentationState initial) {
		this.corpus = List.copyOf(corpus);
		this.rule = rule;
		this.instrumentation = initial;
	}

	@Override
	public List<Trace> collect() {
		InstrumentationState on = instrumentation;
		List<Trace> out = new ArrayList<>(corpus.size());
		for (Trace t : corpus) {
			String type = rule.requestType(t);
			out.add(TraceRestriction.restrict(t, e -> on.enabled(t.tracepoint(e), type)));
		}
		return out;
	}

	@Override
	public void push(InstrumentationState.Diff diff) {
		instrumentation = instrumentation.without(diff.disabled()).with(diff.enabled());
		pushes++;
	}

	/** What the simulated agents have now. */
	public InstrumentationState instrumentation() {
		return instrumentation;
	}

	/** Sets what the simulated agents have, e.g. after a session was reopened from its journal. */
	public void instrumentation(InstrumentationState state) {
		this.instrumentation = state;
	}

	public int pushes() {
		return pushes;
	}
}
