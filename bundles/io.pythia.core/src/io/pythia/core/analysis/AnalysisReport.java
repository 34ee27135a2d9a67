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
	 * @param problem whether its CV is above the threshold with enough traces
	 * @param edges   critical-path edges by share of the group's variance, largest first
	 */
	public record Group(RequestGroup group, LatencySummary latency, boolean problem, List<EdgeShare> edges) {
	}

	public List<Group> problemGroups() {
		return groups.stream().filter(Group::problem).toList();
	}

	public Optional<Group> group(String id) {
		return groups.stream().filter(g -> g.group().id().equals(id)).findFirst();
	}
}
