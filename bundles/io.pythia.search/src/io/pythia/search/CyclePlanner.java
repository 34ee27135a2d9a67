// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;

/**
 * Turns one cycle's analysis into proposals or a stop: it decides whether the top problem is localized, asks the
 * strategy for tracepoints inside the problem edge within the budget, and proposes disabling tracepoints that have
 * not been on any problem group's critical path for K cycles.
 */
public final class CyclePlanner {

	/**
	 * The planner's answer for a cycle.
	 *
	 * @param proposals   changes to approve (may be empty)
	 * @param stop        why the search stops, or null to go on
	 * @param localized   the tracepoint the problem was localized to (when stopped as localized)
	 * @param focus       the edge the proposals are about, or null
	 */
	public record Plan(List<Proposal> proposals, StopReason stop, String localized, ProblemEdge focus) {
	}

	private final SearchSpace space;
	private final SearchStrategy strategy;
	private final Budget budget;
	private final double localizedShare;
	private final int boringAfter;
	private final Map<InstrumentationState.Toggle, Integer> lastUseful = new HashMap<>();
	/** The edge last cycle's proposals were about, followed into this cycle; null after a stop or a reopen. */
	private ProblemEdge focus;

	/** The smallest share of its group's variance an edge needs for the search to stay on last cycle's problem. */
	static final double FOLLOW_SHARE = 0.15;

	/**
	 * @param localizedShare share of the variance the top edge must explain to count as localized (e.g. 0.5)
	 * @param boringAfter    cycles off every problem path after which a tracepoint is proposed for disabling
	 */
	public CyclePlanner(SearchSpace space, SearchStrategy strategy, Budget budget, double localizedShare,
			int boringAfter) {
		this.space = space;
		this.strategy = strategy;
		this.budget = budget;
		this.localizedShare = localizedShare;
		this.boringAfter = boringAfter;
	}

	public Plan plan(int cycle, AnalysisReport report, InstrumentationState state) {
		List<AnalysisReport.Group> problems = report.problemGroups();
		List<Proposal> proposals = new ArrayList<>(boring(cycle, problems, state));
		if (problems.isEmpty()) {
			return new Plan(proposals, StopReason.VARIANCE_GONE, null, null);
		}
		AnalysisReport.Group top = problems.get(0);
		EdgeShare first = top.edges().get(0);
		ProblemEdge followed = followed(problems);
		if (followed != null) {
			top = problems.stream().filter(g -> g.group().id().equals(followed.groupId())).findFirst().orElseThrow();
			first = followed.edge();
		}
		focus = null;
		ProblemEdge topEdge = ProblemEdge.of(top, first);
		boolean nothingInside = SearchStrategy.disabledInside(space, topEdge, state).isEmpty();
		if (nothingInside && topEdge.edge().share() >= localizedShare) {
			return new Plan(proposals, StopReason.LOCALIZED, localizedTracepoint(topEdge), topEdge);
		}
		int room = budget.cap() - state.count() + (int) proposals.stream().filter(p -> p.action() == Proposal.Action.DISABLE).count();
		int n = Math.min(budget.perCycle(), room);
		if (n <= 0) {
			return new Plan(proposals, StopReason.BUDGET, null, topEdge);
		}
		List<EdgeShare> ordered = new ArrayList<>();
		ordered.add(first);
		for (EdgeShare e : top.edges()) {
			if (e != first) {
				ordered.add(e);
			}
		}
		for (EdgeShare e : ordered) {
			if (e.share() <= 0) {
				break;
			}
			ProblemEdge edge = ProblemEdge.of(top, e);
			List<SearchSpace.Tracepoint> picks = strategy.propose(space, edge, state, n);
			if (!picks.isEmpty()) {
				focus = edge;
				for (SearchSpace.Tracepoint tp : picks) {
					proposals.add(new Proposal(Proposal.Action.ENABLE, new InstrumentationState.Toggle(tp.id(), edge.requestType()),
							strategy.name(), top.group().id(), e.label(), e.share(),
							String.format(Locale.ROOT, "%s explains %.0f%% of the response-time variance of group %s (%s, CV %.2f); enable %s (%s search: %s)",
									e.label(), e.share() * 100, top.group().id(), top.group().requestType(),
									top.latency().coefficientOfVariation(), tp.id(), strategy.name(),
									strategy.rationale(space, edge))));
				}
				return new Plan(proposals, null, null, edge);
			}
		}
		// no deeper instrumentation anywhere in the group's variance: as far as the search can go
		return new Plan(proposals, StopReason.LOCALIZED, localizedTracepoint(topEdge), topEdge);
	}

	/**
	 * Last cycle's problem, followed into the tracepoints just enabled for it: of the edges that lie inside the
	 * calling context last cycle's proposals went into (same request type, any problem group), the one with the
	 * largest part of its group's variance, if its share is at least {@link #FOLLOW_SHARE}. On a noisy system
	 * another group's variance may outgrow the problem's for a cycle; jumping to it would restart the search there
	 * (seen on the lab: a random sleep found in two cycles, then three cycles spent on noise). Null when there is
	 * nothing to follow.
	 */
	private ProblemEdge followed(List<AnalysisReport.Group> problems) {
		if (focus == null) {
			return null;
		}
		String context = focus.context(space);
		if (context == null) {
			return null;
		}
		ProblemEdge best = null;
		double bestVariance = 0;
		for (AnalysisReport.Group g : problems) {
			if (!g.group().requestType().equals(focus.requestType())) {
				continue;
			}
			double sd = g.latency().standardDeviation();
			for (EdgeShare e : g.edges()) {
				if (e.share() < FOLLOW_SHARE) {
					break; // ranked by share
				}
				ProblemEdge candidate = ProblemEdge.of(g, e);
				String inner = candidate.context(space);
				double variance = e.share() * sd * sd;
				if (inner != null && space.within(focus.requestType(), inner, context) && variance > bestVariance) {
					best = candidate;
					bestVariance = variance;
				}
			}
		}
		return best;
	}

	/** The span's own tracepoint for an edge through one span, else the calling context the edge lies in. */
	public String localizedTracepoint(ProblemEdge edge) {
		return edge.edge().from().equals(edge.edge().to()) ? edge.edge().from() : edge.context(space);
	}

	private List<Proposal> boring(int cycle, List<AnalysisReport.Group> problems, InstrumentationState state) {
		Set<InstrumentationState.Toggle> onPaths = new HashSet<>();
		for (AnalysisReport.Group g : problems) {
			// a workflow group's traces may take different paths: every edge any of them took counts
			for (EdgeShare e : g.edges()) {
				onPaths.add(new InstrumentationState.Toggle(e.from(), g.group().requestType()));
				onPaths.add(new InstrumentationState.Toggle(e.to(), g.group().requestType()));
			}
			for (int i = 0; i < g.group().steps(); i++) {
				onPaths.add(new InstrumentationState.Toggle(g.group().tracepoint(i), g.group().requestType()));
			}
		}
		List<Proposal> out = new ArrayList<>();
		for (InstrumentationState.Toggle t : state.toggles()) {
			SearchSpace.Tracepoint tp = space.tracepoint(t.requestType(), t.tracepoint());
			if (tp == null || tp.skeleton()) {
				continue;
			}
			if (onPaths.contains(t)) {
				lastUseful.put(t, cycle);
			} else {
				int since = lastUseful.computeIfAbsent(t, k -> cycle);
				if (cycle - since >= boringAfter) {
					out.add(new Proposal(Proposal.Action.DISABLE, t, "boring", null, null, 0, String.format(Locale.ROOT,
							"%s has not been on any problem group's critical path for %d cycles: disable it to cut overhead",
							t, cycle - since)));
				}
			}
		}
		return out;
	}
}
