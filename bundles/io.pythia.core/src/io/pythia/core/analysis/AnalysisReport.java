// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.TraceWarning;

/**
 * The outcome of an analysis: how much was read, what was repaired, and the request groups with their variance
 * localized to critical-path edges.
 *
 * @param traces        traces analysed
 * @param events        events recorded in them
 * @param warningCount  warnings raised (all of them)
 * @param warnings      the first warnings, verbatim
 * @param warningKinds  number of warnings per kind (message without ids and numbers)
 * @param groups        request groups, largest response-time variance first
 * @param options       the thresholds used
 */
public record AnalysisReport(long traces, long events, int warningCount, List<TraceWarning> warnings,
		Map<String, Integer> warningKinds, List<Group> groups, AnalysisOptions options) {

	/**
	 * A request group with its statistics.
	 *
	 * @param group   the group
	 * @param latency response-time statistics (nanoseconds)
	 * @param problem whether it is a problem group (reason {@link Reason#VARIANCE} or {@link Reason#SLOW})
	 * @param reason  why it is, or is not, a problem group
	 * @param edges   critical-path edges by share of the group's variance, largest first
	 * @param attributes span attributes that go with slower requests, most of the variance first
	 */
	public record Group(RequestGroup group, LatencySummary latency, boolean problem, Reason reason,
			List<EdgeShare> edges, List<AttributeEffect> attributes) {

		/**
		 * The edges the search follows, first first: by share of the variance, or for a slow group by mean share of
		 * the response time (its variance is not the problem, its time is).
		 */
		public List<EdgeShare> ranked() {
			if (reason != Reason.SLOW) {
				return edges;
			}
			return edges.stream().sorted(java.util.Comparator.comparingDouble(EdgeShare::meanNanos).reversed()
					.thenComparingInt(EdgeShare::slot)).toList();
		}

		/** What an edge weighs for the search: its share of the variance, or of the mean response time if slow. */
		public double weight(EdgeShare e) {
			return reason != Reason.SLOW ? e.share() : latency.mean() > 0 ? e.meanNanos() / latency.mean() : 0;
		}
	}

	/** Why a group is, or is not, a problem group. */
	public enum Reason {
		/** Its CV is over the threshold and one edge explains clearly more of the variance than chance would. */
		VARIANCE("variance"),
		/** Slow but steady: its median is over its request type's objective. */
		SLOW("slow"),
		/**
		 * Without an objective, its median is far over the other groups of its request type. Not a problem group:
		 * another workflow of a request type may take longer by its nature (in the lab, a delete_server that also
		 * deletes on a third replica), so the search does not follow it; an objective makes it one.
		 */
		SLOWER_THAN_ITS_TYPE("slower-than-its-type"),
		/** Its CV is over the threshold, but the variance is spread thinly over many edges: noise, not a problem. */
		SPREAD("spread"),
		/** Its CV is at or under the threshold. */
		STEADY("steady"),
		/** It has fewer traces than a problem group needs. */
		FEW_TRACES("few-traces");

		private final String label;

		Reason(String label) {
			this.label = label;
		}

		/** The word reports use. */
		public String label() {
			return label;
		}
	}

	public List<Group> problemGroups() {
		return groups.stream().filter(Group::problem).toList();
	}

	public Optional<Group> group(String id) {
		return groups.stream().filter(g -> g.group().id().equals(id)).findFirst();
	}
}
