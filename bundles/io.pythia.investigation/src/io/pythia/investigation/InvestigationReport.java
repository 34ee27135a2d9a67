// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.util.List;

import io.pythia.search.Finding;

/**
 * Where a live investigation stands, as {@code pythia investigate} reports it.
 *
 * @param stop                the stop reason's label, or null while it runs
 * @param localizedTracepoint the first tracepoint localized, or null
 * @param localizedTracepoints every problem localized, in order, with its request type, group, edge and share
 * @param cycles              cycles of the whole session, a resumed one's earlier cycles included
 * @param enabled             tracepoints enabled now
 * @param enabledFraction     their share of the search space
 * @param searchSpaceSize     tracepoint x request-type pairs learned
 * @param wallSeconds         wall time of this run (not of the earlier runs of a resumed session)
 * @param journal             the session journal
 */
public record InvestigationReport(String stop, String localizedTracepoint, List<Finding> localizedTracepoints,
		int cycles, int enabled, double enabledFraction, int searchSpaceSize, double wallSeconds, String journal) {
}
