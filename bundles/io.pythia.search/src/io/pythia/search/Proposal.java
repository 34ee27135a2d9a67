// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

/**
 * One proposed change for the engineer to approve: enable or disable one tracepoint for one request type, with the
 * reason in words.
 *
 * @param action   enable or disable
 * @param toggle   the tracepoint and request type
 * @param strategy the strategy that proposed it ("boring" for disabling)
 * @param groupId  the problem group it serves, or null
 * @param edge     the edge it should explain, or null
 * @param share    that edge's share of the group's variance (0 when not about an edge)
 * @param reason   why, as a sentence
 */
public record Proposal(Action action, InstrumentationState.Toggle toggle, String strategy, String groupId, String edge,
		double share, String reason) {

	/** The strategy name of the proposals that turn a stopped session back to its skeleton. */
	public static final String RESTORE = "restore";

	public enum Action {
		ENABLE, DISABLE
	}
}
