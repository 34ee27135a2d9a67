// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pythia.core.trace.Trace;

/**
 * Keeps traces by id up to a budget of events, so that huge imports stay analysable without holding every trace:
 * the views draw the kept ones, the analysis counts them all.
 */
public final class TraceKeeper {

	private final long eventBudget;
	private final Map<String, Trace> kept = new LinkedHashMap<>();
	private long events;
	private long dropped;

	/** @param eventBudget events kept at most (0: none) */
	public TraceKeeper(long eventBudget) {
		this.eventBudget = eventBudget;
	}

	public synchronized void offer(Trace t) {
		if (events + t.size() > eventBudget) {
			dropped++;
			return;
		}
		if (kept.putIfAbsent(t.id(), t) == null) {
			events += t.size();
		}
	}

	/** The kept traces by id, in arrival order. */
	public synchronized Map<String, Trace> kept() {
		return kept;
	}

	/** Traces analysed but not kept (over the budget). */
	public synchronized long dropped() {
		return dropped;
	}
}
