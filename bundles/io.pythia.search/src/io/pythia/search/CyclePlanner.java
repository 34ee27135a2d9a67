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
 * not been on any problem group's critical path for K cycles. A localized problem is kept as a {@link Finding}, and
 * the search goes on to the problem groups the findings do not explain, until none is left.
 */
public final class CyclePlanner {

	/**
	 * The planner's answer for a cycle.
	 *
	 * @param proposals   changes to approve (may be empty)
	 * @param stop        why the search stops, or null to go on
	 * @param localized   the first tracepoint localized in the session (when stopped as localized)
	 * @param focus       the edge the proposals are about, or null
	 * @param found       problems localized in this cycle
	 */
	public record Plan(List<Proposal> proposals, StopReason stop, String localized, ProblemEdge focus,
			List<Finding> found) {
	}

	private final SearchSpace space;
	private final SearchStrategy strategy;
	private final Budget budget;
	private final double localizedShare;
	private final int boringAfter;
	private final Map<InstrumentationState.Toggle, Integer> lastUseful = new HashMap<>();
	/** The edge last cycle's proposals were about, followed into this cycle; null after a stop or a reopen. */
	private ProblemEdge focus;
	/** Whether this cycle is the one more look after the followed problem was gone. */
	private boolean lookedAgain;
	/** Problems localized so far, in order. */
	private final List<Finding> findings = new ArrayList<>();
	/** Edges open in some cycle, by request type and label, until localized, explained, replaced or gone. */
	private final Map<String, ProblemEdge> seenOpen = new java.util.LinkedHashMap<>();
	/** Of those, the ones no longer open that were given one more window. */
	private final Set<String> lookedAt = new HashSet<>();

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
		List<AnalysisReport.Group> problems = problems(report);
		List<Proposal> proposals = new ArrayList<>(boring(cycle, problems, state));
		List<Finding> found = new ArrayList<>();
		double cv = report.options().cvThreshold();
		List<AnalysisReport.Group> open = problems.stream().filter(g -> openEdge(g, cv) != null).toList();
		ProblemEdge previous = focus;
		boolean lookedBefore = lookedAgain;
		lookedAgain = false;
		List<ProblemEdge> vanished = remember(report, open, cv);
		if (open.isEmpty()) {
			if (lookOnceMore(previous, lookedBefore)) {
				return new Plan(proposals, null, firstLocalized(), previous, found);
			}
			if (lookAgainAt(vanished)) {
				focus = null; // the look is for what vanished, not for last cycle's problem (looked at already)
				return new Plan(proposals, null, firstLocalized(), null, found);
			}
			focus = null;
			return new Plan(proposals, findings.isEmpty() ? StopReason.VARIANCE_GONE : StopReason.LOCALIZED,
					firstLocalized(), null, found);
		}
		// last cycle's problem first, followed into what was enabled for it; then each open group's open edge
		List<ProblemEdge> candidates = new ArrayList<>();
		ProblemEdge followed = followed(open);
		if (followed != null) {
			candidates.add(followed);
		}
		// the open edges by how much they weigh in absolute terms, so that a group whose big problem is explained
		// does not send the search into its small remainder while another group's problem is still open
		List<ProblemEdge> others = new ArrayList<>();
		for (AnalysisReport.Group g : open) {
			others.add(ProblemEdge.of(g, openEdge(g, cv)));
		}
		others.sort(java.util.Comparator.comparingDouble((ProblemEdge e) -> -absolute(problems, e)));
		candidates.addAll(others);
		focus = null;
		int room = budget.cap() - state.count() + (int) proposals.stream().filter(p -> p.action() == Proposal.Action.DISABLE).count();
		int n = Math.min(budget.perCycle(), room);
		ProblemEdge last = null;
		// a work list: a problem localized in this loop may leave its group (or a group read as spread) with another
		// open edge, looked at in this same cycle; each group's edge once
		java.util.ArrayDeque<ProblemEdge> queue = new java.util.ArrayDeque<>(candidates);
		Set<String> queued = new HashSet<>();
		candidates.forEach(c -> queued.add(c.groupId() + "\u0000" + c.edge().label()));
		while (!queue.isEmpty()) {
			ProblemEdge candidate = queue.poll();
			AnalysisReport.Group top = report.groups().stream().filter(g -> g.group().id().equals(candidate.groupId())).findFirst()
					.orElseThrow();
			// a problem localized a moment ago, in this loop, may explain it, or leave another edge of it open
			EdgeShare first = explained(top, candidate.edge()) ? openEdge(top, cv) : candidate.edge();
			if (first == null) {
				continue;
			}
			ProblemEdge topEdge = ProblemEdge.of(top, first);
			last = topEdge;
			boolean nothingInside = SearchStrategy.disabledInside(space, topEdge, state).isEmpty();
			if (nothingInside && (top.weight(first) >= localizedShare * unexplainedShare(top) || problemOnItsOwn(top, first, cv))) {
				found.add(localize(top, topEdge));
				reopen(report, cv, queue, queued);
				continue;
			}
			if (n <= 0) {
				return new Plan(proposals, StopReason.BUDGET, firstLocalized(), topEdge, found);
			}
			boolean slow = top.reason() == AnalysisReport.Reason.SLOW;
			List<EdgeShare> ordered = new ArrayList<>();
			ordered.add(first);
			for (EdgeShare e : top.ranked()) {
				if (e != first && !explained(top, e)) {
					ordered.add(e);
				}
			}
			for (EdgeShare e : ordered) {
				if (top.weight(e) <= 0) {
					break;
				}
				if (e != first && explained(top, e)) {
					continue; // by a problem localized a moment ago, in this loop
				}
				ProblemEdge edge = ProblemEdge.of(top, e);
				List<SearchSpace.Tracepoint> picks = strategy.propose(space, edge, state, n);
				if (picks.isEmpty() && e != first && problemOnItsOwn(top, e, cv)
						&& SearchStrategy.disabledInside(space, edge, state).isEmpty()) {
					found.add(localize(top, edge)); // as deep as it goes, and a problem of its own: found on the way
					continue;
				}
				if (!picks.isEmpty()) {
					focus = edge;
					for (SearchSpace.Tracepoint tp : picks) {
						proposals.add(new Proposal(Proposal.Action.ENABLE, new InstrumentationState.Toggle(tp.id(), edge.requestType()),
								strategy.name(), top.group().id(), e.label(), top.weight(e),
								slow ? String.format(Locale.ROOT, "%s takes %.0f%% of the response time of slow group %s (%s, median %.1f ms); enable %s (%s search: %s)",
										e.label(), top.weight(e) * 100, top.group().id(), top.group().requestType(),
										top.latency().p50() / 1e6, tp.id(), strategy.name(), strategy.rationale(space, edge))
										: String.format(Locale.ROOT, "%s explains %.0f%% of the response-time variance of group %s (%s, CV %.2f); enable %s (%s search: %s)",
												e.label(), top.weight(e) * 100, top.group().id(), top.group().requestType(),
												top.latency().coefficientOfVariation(), tp.id(), strategy.name(),
												strategy.rationale(space, edge))));
					}
					return new Plan(proposals, null, firstLocalized(), edge, found);
				}
			}
			// no deeper instrumentation anywhere in the group's variance: as far as the search can go
			found.add(localize(top, topEdge));
			reopen(report, cv, queue, queued);
		}
		// everything open was localized in this cycle; if last cycle's problem was not among it, it is gone
		if (followed == null && lookOnceMore(previous, lookedBefore)) {
			return new Plan(proposals, null, firstLocalized(), previous, found);
		}
		if (lookAgainAt(vanished.stream().filter(v -> !explainedNow(report, v)).toList())) {
			return new Plan(proposals, null, firstLocalized(), last, found);
		}
		return new Plan(proposals, StopReason.LOCALIZED, firstLocalized(), last, found);
	}

	/**
	 * Whether to look once more before stopping, because the problem followed last cycle is gone from this one. A
	 * problem that comes and goes (the lab's random sleeps, a few per window) vanished for one 6 s window while its
	 * tracepoints had just been enabled, and the session stopped with it unfound; with five problems at once it
	 * vanished in a cycle that localized another. Once only: gone twice, it is taken as gone.
	 */
	private boolean lookOnceMore(ProblemEdge previous, boolean lookedBefore) {
		if (previous == null || lookedBefore) {
			return false;
		}
		lookedAgain = true;
		focus = previous;
		return true;
	}

	/**
	 * Keeps each open edge of this cycle in mind, and returns those of earlier cycles that are no longer open though
	 * still there, unexplained: an edge its group still has, in a group the search looks into. One window is a few
	 * dozen traces a group: with five lab problems at once, the scheduler's sleeps held 0.16 [0.11, 0.21] of a group's
	 * variance in a cycle whose analysis pooled three windows, and 0.13 [-0.01, 0.26] two cycles later in one window
	 * of its own, when the session stopped. An edge that was replaced by finer ones (its tracepoints enabled) is
	 * forgotten, and so is one that vanished again after a second look.
	 */
	private List<ProblemEdge> remember(AnalysisReport report, List<AnalysisReport.Group> open, double cv) {
		Map<String, ProblemEdge> now = new java.util.LinkedHashMap<>();
		for (AnalysisReport.Group g : open) {
			ProblemEdge e = ProblemEdge.of(g, openEdge(g, cv));
			now.put(key(e), e);
		}
		List<ProblemEdge> vanished = new ArrayList<>();
		List<AnalysisReport.Group> looked = seenOpen.isEmpty() ? List.of() : problems(report);
		for (var it = seenOpen.entrySet().iterator(); it.hasNext();) {
			var entry = it.next();
			if (now.containsKey(entry.getKey())) {
				continue;
			}
			ProblemEdge e = entry.getValue();
			AnalysisReport.Group holder = null;
			for (AnalysisReport.Group g : looked) {
				if (g.group().requestType().equals(e.requestType())
						&& g.edges().stream().anyMatch(x -> x.label().equals(e.edge().label()))) {
					holder = g;
					break;
				}
			}
			if (holder == null || explained(holder, e.edge()) || lookedAt.contains(entry.getKey())) {
				it.remove();
				lookedAt.remove(entry.getKey());
			} else {
				vanished.add(e);
			}
		}
		now.forEach((k, e) -> {
			seenOpen.put(k, e);
			lookedAt.remove(k);
		});
		return vanished;
	}

	/** Whether an edge that vanished is explained by what was localized in this cycle, after {@link #remember}. */
	private boolean explainedNow(AnalysisReport report, ProblemEdge e) {
		for (AnalysisReport.Group g : report.groups()) {
			if (g.group().requestType().equals(e.requestType())) {
				return explained(g, e.edge());
			}
		}
		return false;
	}

	/** One more window before stopping, for edges that vanished: the next analysis pools it with this one. */
	private boolean lookAgainAt(List<ProblemEdge> vanished) {
		if (vanished.isEmpty()) {
			return false;
		}
		vanished.forEach(e -> lookedAt.add(key(e)));
		return true;
	}

	private static String key(ProblemEdge e) {
		return e.requestType() + "\u0000" + e.edge().label();
	}

	/**
	 * The groups the search looks into: the problem groups, and a group read as noise spread over its edges once
	 * findings explain some of them: its variance has known causes, so what they leave is held to the test a problem
	 * group's remainder gets ({@link #openEdge}). With four lab problems in one create_server group (0.42, 0.27, 0.20
	 * and 0.14 of its variance in about eight varying edges) the broken-stick null read the group as noise.
	 */
	private List<AnalysisReport.Group> problems(AnalysisReport report) {
		List<AnalysisReport.Group> problems = new ArrayList<>(report.problemGroups());
		for (AnalysisReport.Group g : report.groups()) {
			if (g.reason() == AnalysisReport.Reason.SPREAD && g.edges().stream().anyMatch(e -> explained(g, e))) {
				problems.add(g);
			}
		}
		return problems;
	}

	/** After a finding: every group's open edge not looked at yet in this cycle joins the work list. */
	private void reopen(AnalysisReport report, double cv, java.util.ArrayDeque<ProblemEdge> queue, Set<String> queued) {
		for (AnalysisReport.Group g : problems(report)) {
			EdgeShare e = openEdge(g, cv);
			if (e != null && queued.add(g.group().id() + "\u0000" + e.label())) {
				queue.add(ProblemEdge.of(g, e));
			}
		}
	}

	/**
	 * The edge of a problem group the search should look into: its top edge, or, once findings explain that, its
	 * largest unexplained edge if what is left unexplained is still a problem: the unexplained edges' part of the
	 * variance alone gives a CV over the threshold (the test a group's whole variance gets), and that edge's share is
	 * clearly above 0. (The remainder is not held to the broken-stick test: with five lab problems at once, what was
	 * left after the slow replica, 0.31 and 0.14 of the variance on the image fetch and the scheduler, was two
	 * problems in a handful of edges, where a random split of a few parts looks alike.) A slow group has one
	 * problem: once its top edge is explained, it is.
	 */
	private EdgeShare openEdge(AnalysisReport.Group g, double cvThreshold) {
		if (g.edges().isEmpty()) {
			return null;
		}
		List<EdgeShare> unexplained = g.ranked().stream().filter(e -> !explained(g, e)).toList();
		if (unexplained.size() == g.edges().size()) {
			return unexplained.get(0);
		}
		if (unexplained.isEmpty() || g.reason() == AnalysisReport.Reason.SLOW) {
			return null;
		}
		// signed: in a group by workflow, the slow branch of a fan-out takes the path, so its other edges go with the
		// problem (positive shares) and the branches it overtook against it (negative ones); they cancel out. But an
		// overtaken branch's negative share is the finding's consequence, not something left to explain: it is left
		// out, or it would cancel another problem's share (in the lab, storage-1's write at -0.22 against the
		// scheduler's 0.19, once the slow replica was found).
		double left = unexplained.stream().filter(e -> !(e.share() < 0 && overtaken(g, e))).mapToDouble(EdgeShare::share)
				.sum();
		if (!overThreshold(g, left, cvThreshold)) {
			return null;
		}
		EdgeShare next = unexplained.get(0);
		return next.shareLow() > 0 ? next : null;
	}

	/**
	 * Whether an edge lies in a call that runs beside a finding's, under the same caller (a sibling service call),
	 * or leads out of one: when the finding's call is slow, such a branch leaves the critical path, and its share
	 * turns negative because of the finding.
	 */
	private boolean overtaken(AnalysisReport.Group g, EdgeShare e) {
		String type = g.group().requestType();
		for (Finding f : findings) {
			if (f.tracepoint() == null || !f.requestType().equals(type)) {
				continue;
			}
			String call = serviceEntry(type, f.tracepoint());
			SearchSpace.Tracepoint tp = call == null ? null : space.tracepoint(type, call);
			if (tp == null || tp.parent() == null) {
				continue;
			}
			for (String end : List.of(e.from(), e.to())) {
				String other = serviceEntry(type, end);
				SearchSpace.Tracepoint sibling = other == null ? null : space.tracepoint(type, other);
				if (sibling != null && !other.equals(call) && tp.parent().equals(sibling.parent())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether an edge through one span is a problem on its own: its part of the group's variance alone gives a CV over
	 * the threshold (what makes a group a problem group), and its share is clearly above 0. With several problems in
	 * one group, none may explain half of what is left: in the lab with five at once, compute-1's wait held 0.26 [0.05,
	 * 0.48] of a group's variance beside the image fetch's 0.27 and the scheduler's 0.10, and the search went on to
	 * the scheduler and never came back to it. An edge between spans is not taken on its own: the gap after a slow
	 * call's end goes with that call (it holds 0.08 of the slow replica's groups). A slow group's edges are weighed by
	 * their mean, not their variance, and are left to the half rule.
	 */
	private static boolean problemOnItsOwn(AnalysisReport.Group g, EdgeShare e, double cvThreshold) {
		if (g.reason() == AnalysisReport.Reason.SLOW || !e.from().equals(e.to()) || e.fromKind() != io.pythia.core.trace.EventKind.ENTRY
				|| e.toKind() != io.pythia.core.trace.EventKind.EXIT || !(e.shareLow() > 0)) {
			return false;
		}
		return overThreshold(g, g.weight(e), cvThreshold);
	}

	/** Whether a part of a group's variance alone gives a CV over the threshold, the test a whole group gets. */
	private static boolean overThreshold(AnalysisReport.Group g, double share, double cvThreshold) {
		double mean = g.latency().mean();
		return share > 0 && mean > 0 && Math.sqrt(Math.min(1, share) * g.latency().variance()) / mean > cvThreshold;
	}

	private static double absolute(List<AnalysisReport.Group> groups, ProblemEdge e) {
		for (AnalysisReport.Group g : groups) {
			if (g.group().id().equals(e.groupId())) {
				return weightNs2(g, e.edge());
			}
		}
		return 0;
	}

	/** The innermost skeleton tracepoint (a service's entry) around a tracepoint, itself included; null if none. */
	private String serviceEntry(String requestType, String tracepoint) {
		for (String c : space.contexts(requestType, tracepoint)) {
			SearchSpace.Tracepoint tp = space.tracepoint(requestType, c);
			if (tp != null && tp.skeleton()) {
				return c;
			}
		}
		return null;
	}

	/** An edge's weight in ns²: its part of its group's variance, or of the squared mean for a slow group. */
	private static double weightNs2(AnalysisReport.Group g, EdgeShare e) {
		double scale = g.reason() == AnalysisReport.Reason.SLOW ? g.latency().mean() : g.latency().standardDeviation();
		return g.weight(e) * scale * scale;
	}

	/** The part of a group's variance that the findings leave unexplained (1 before any finding). */
	private double unexplainedShare(AnalysisReport.Group g) {
		double left = 0;
		for (EdgeShare e : g.edges()) {
			if (!explained(g, e)) {
				left += Math.max(0, g.weight(e));
			}
		}
		return Math.min(1, left);
	}

	/** Problems localized so far, in order. */
	public List<Finding> findings() {
		return List.copyOf(findings);
	}

	/** A finding read back from the journal of a reopened session. */
	public void restore(Finding f) {
		findings.add(f);
	}

	private Finding localize(AnalysisReport.Group group, ProblemEdge edge) {
		Finding f = new Finding(localizedTracepoint(edge), edge.requestType(), edge.groupId(), edge.edge().label(),
				group.weight(edge.edge()), Finding.Evidence.of(group, edge.edge()));
		findings.add(f);
		return f;
	}

	private String firstLocalized() {
		return findings.isEmpty() ? null : findings.get(0).tracepoint();
	}

	/**
	 * Whether an edge of a problem group is a problem already localized: its tracepoint (or calling context) is a
	 * finding's or lies inside one; or, in the finding's request type, it is a coarser edge around it or lies in the
	 * same service call (the innermost skeleton tracepoint around both). A service call slowed in one place puts its
	 * other steps on the critical path with it: in the lab, the slow replica's prepare and finish took 5-13% of the
	 * variance each, and the search spent four cycles on them. Two problems in one service call are taken for one.
	 * A coarser edge around another request type's finding is not explained: it may hold that problem or another,
	 * and the search looks inside (two request types that write to the slow replica are each followed down to it).
	 */
	private boolean explained(AnalysisReport.Group g, EdgeShare edge) {
		if (findings.isEmpty()) {
			return false;
		}
		String where = localizedTracepoint(ProblemEdge.of(g, edge));
		if (where == null) {
			return false;
		}
		String type = g.group().requestType();
		for (Finding f : findings) {
			if (f.tracepoint() == null) {
				continue;
			}
			if (f.tracepoint().equals(where) || space.within(type, where, f.tracepoint())) {
				return true;
			}
			// a coarser edge around the finding: one whose time holds it, not merely one in a span that holds it (the
			// wait before compute-1's image fetch is not the fetch, though both lie in compute-1's build)
			if (f.requestType().equals(type) && (SearchStrategy.inside(space, ProblemEdge.of(g, edge), f.tracepoint())
					|| java.util.Objects.equals(serviceEntry(type, where), serviceEntry(type, f.tracepoint())))) {
				return true;
			}
			// an edge out of the finding's call: the path leaves through it when that call finishes last, that is
			// when it is slow (the slow replica's write end to the build's end, 0.08 of the variance in the lab)
			if (f.requestType().equals(type) && edge.fromKind() == io.pythia.core.trace.EventKind.EXIT
					&& java.util.Objects.equals(serviceEntry(type, edge.from()), serviceEntry(type, f.tracepoint()))) {
				return true;
			}
		}
		return false;
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
			for (EdgeShare e : g.ranked()) {
				if (g.weight(e) < FOLLOW_SHARE) {
					break; // ranked by weight
				}
				ProblemEdge candidate = ProblemEdge.of(g, e);
				String inner = candidate.context(space);
				double variance = weightNs2(g, e);
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
