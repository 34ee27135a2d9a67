// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

/**
 * A problem localized by the search: the tracepoint it lies in, and the evidence.
 *
 * @param tracepoint  the localized tracepoint (a span's own, or the calling context of the edge)
 * @param requestType the request type of the group it was localized in
 * @param groupId     that request group
 * @param edge        the critical-path edge, as its label
 * @param share       the edge's share of the group's response-time variance (of its mean response time, for a
 *                    slow group)
 */
public record Finding(String tracepoint, String requestType, String groupId, String edge, double share) {
}
