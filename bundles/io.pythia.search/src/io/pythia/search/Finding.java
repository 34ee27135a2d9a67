// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.List;

import io.pythia.core.LatencySummary;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.AttributeEffect;
import io.pythia.core.analysis.EdgeShare;

/**
 * A problem localized by the search: the tracepoint it lies in, and the evidence.
 *
 * @param tracepoint  the localized tracepoint (a span's own, or the calling context of the edge)
 * @param requestType the request type of the group it was localized in
 * @param groupId     that request group
 * @param edge        the critical-path edge, as its label
 * @param share       the edge's share of the group's response-time variance (of its mean response time, for a
 *                    slow group)
 * @param evidence    the group as it was when the problem was localized, or null (journals of older versions)
 */
public record Finding(String tracepoint, String requestType, String groupId, String edge, double share,
		Evidence evidence) {

	public Finding(String tracepoint, String requestType, String groupId, String edge, double share) {
		this(tracepoint, requestType, groupId, edge, share, null);
	}

	/**
	 * What a finding's group looked like in the cycle it was localized: kept in the journal with the finding, so a
	 * reopened session shows it without the traces.
	 *
	 * @param reason        why the group is a problem group: "variance", or "slow" (then the share is of the mean
	 *                      response time)
	 * @param latency       the group's response times (ns)
	 * @param lowNanos      the shortest response time, where the first bin starts
	 * @param highNanos     the longest, where the last bin ends
	 * @param bins          traces per bin of equal width between them
	 * @param edgeMeanNanos the edge's mean time on the critical path
	 * @param attributes    span attributes that go with slower requests in the group, most of the variance first
	 */
	public record Evidence(String reason, LatencySummary latency, double lowNanos, double highNanos, List<Integer> bins,
			double edgeMeanNanos, List<AttributeEffect> attributes) {

		/** Bins of the response-time histogram a finding keeps. */
		public static final int BINS = 20;

		/** Attributes a finding keeps at most. */
		public static final int ATTRIBUTES = 5;

		public Evidence {
			bins = List.copyOf(bins);
			attributes = List.copyOf(attributes);
		}

		/** The evidence of a group's edge now. */
		public static Evidence of(AnalysisReport.Group group, EdgeShare edge) {
			double[] range = group.group().range();
			double low = range[0];
			double high = range[1];
			int[] counts = group.group().histogram(low, high, BINS);
			List<Integer> bins = new ArrayList<>(BINS);
			for (int c : counts) {
				bins.add(c);
			}
			List<AttributeEffect> attributes = group.attributes();
			return new Evidence(group.reason().label(), group.latency(), low, high, bins, edge.meanNanos(),
					attributes.subList(0, Math.min(ATTRIBUTES, attributes.size())));
		}

		/** Whether the share is of the mean response time (a slow-but-steady group) rather than of the variance. */
		public boolean ofTime() {
			return AnalysisReport.Reason.SLOW.label().equals(reason);
		}
	}
}
