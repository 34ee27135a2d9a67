// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** Which (tracepoint, request type) pairs are enabled. Immutable: every change makes a new state. */
public final class InstrumentationState {

	/** One toggle: a tracepoint for one request type. */
	public record Toggle(String tracepoint, String requestType) implements Comparable<Toggle> {
		@Override
		public int compareTo(Toggle o) {
			int c = requestType.compareTo(o.requestType);
			return c != 0 ? c : tracepoint.compareTo(o.tracepoint);
		}

		@Override
		public String toString() {
			return tracepoint + " for " + requestType;
		}
	}

	/** What changes from one state to another. */
	public record Diff(Set<Toggle> enabled, Set<Toggle> disabled) {
		public boolean isEmpty() {
			return enabled.isEmpty() && disabled.isEmpty();
		}
	}

	private final Set<Toggle> on;

	private InstrumentationState(Set<Toggle> on) {
		this.on = Collections.unmodifiableSet(on);
	}

	public static InstrumentationState of(Collection<Toggle> toggles) {
		return new InstrumentationState(new LinkedHashSet<>(toggles));
	}

	public boolean enabled(String tracepoint, String requestType) {
		return on.contains(new Toggle(tracepoint, requestType));
	}

	public Set<Toggle> toggles() {
		return on;
	}

	public int count() {
		return on.size();
	}

	/** Share of the search space that is enabled. */
	public double fraction(SearchSpace space) {
		return space.size() == 0 ? 0 : (double) on.size() / space.size();
	}

	public InstrumentationState with(Collection<Toggle> more) {
		Set<Toggle> next = new LinkedHashSet<>(on);
		next.addAll(more);
		return new InstrumentationState(next);
	}

	public InstrumentationState without(Collection<Toggle> less) {
		Set<Toggle> next = new LinkedHashSet<>(on);
		next.removeAll(less);
		return new InstrumentationState(next);
	}

	/** What to enable and disable to get from this state to {@code target}. */
	public Diff diff(InstrumentationState target) {
		Set<Toggle> enable = new TreeSet<>(target.on);
		enable.removeAll(on);
		Set<Toggle> disable = new TreeSet<>(on);
		disable.removeAll(target.on);
		return new Diff(enable, disable);
	}
}
