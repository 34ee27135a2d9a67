// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

/**
 * How much instrumentation a search may add: tracepoints enabled per cycle, and a cap on all enabled at once (the
 * overhead budget).
 *
 * @param perCycle tracepoints enabled per cycle (default 3)
 * @param cap      tracepoints enabled at once, at most
 */
public record Budget(int perCycle, int cap) {

	public Budget {
		if (perCycle < 1 || cap < 1) {
			throw new IllegalArgumentException("budgets must be at least 1 (per cycle " + perCycle + ", cap " + cap + ")");
		}
	}

	/** A cap given as a count (>= 1) or as a fraction of the search space (< 1). */
	public static Budget of(int perCycle, double cap, SearchSpace space) {
		int absolute = cap >= 1 ? (int) cap : (int) Math.floor(cap * space.size());
		return new Budget(perCycle, Math.max(1, absolute));
	}
}
