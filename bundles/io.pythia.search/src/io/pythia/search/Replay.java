// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.List;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceRestriction;

/**
 * The strategy lab: replays a corpus recorded with all instrumentation enabled as if only the enabled tracepoints
 * had been on (their events hidden, edges contracted), runs the search on autopilot from the skeleton, and reports
 * how many cycles and how much instrumentation it took to localize the problem.
 */
public final class Replay {

	/**
	 * @param budget         per-cycle and total budget
	 * @param maxCycles      cycles at most
	 * @param localizedShare share of the variance that counts as localized
	 * @param boringAfter    cycles before boring tracepoints are disabled
	 * @param analysis       problem-group thresholds and request-type rule
	 */
	public record Options(Budget budget, int maxCycles, double localizedShare, int boringAfter,
			AnalysisOptions analysis) {
	}

	/** One cycle as the replay saw it. */
	public record Cycle(int number, int problemGroups, String topEdge, double topShare, int enabled, int disabled,
			int enabledAfter) {
	}

	/**
	 * @param strategy            the strategy's name
	 * @param stop                why it stopped
	 * @param localizedTracepoint where the problem was localized, or null
	 * @param cycles              cycles run
	 * @param enabled             tracepoints enabled at the end
	 * @param enabledFraction     ... as a share of the search space
	 * @param peakEnabled         most tracepoints enabled at once
	 * @param log                 the cycles
	 */
	public record Result(String strategy, StopReason stop, String localizedTracepoint, int cycles, int enabled,
			double enabledFraction, int peakEnabled, List<Cycle> log) {

		public boolean matches(String truth) {
			return stop == StopReason.LOCALIZED && truth.equals(localizedTracepoint);
		}
	}

	private Replay() {
	}

	public static Result run(List<Trace> corpus, SearchSpace space, SearchStrategy strategy, Options options) {
		CyclePlanner planner = new CyclePlanner(space, strategy, options.budget(), options.localizedShare(),
				options.boringAfter());
		InstrumentationState state = space.skeleton();
		int peak = state.count();
		List<Cycle> log = new ArrayList<>();
		for (int cycle = 1; cycle <= options.maxCycles(); cycle++) {
			AnalysisReport report = analyze(corpus, state, options.analysis());
			CyclePlanner.Plan plan = planner.plan(cycle, report, state);
			List<InstrumentationState.Toggle> enable = new ArrayList<>();
			List<InstrumentationState.Toggle> disable = new ArrayList<>();
			for (Proposal p : plan.proposals()) {
				(p.action() == Proposal.Action.ENABLE ? enable : disable).add(p.toggle());
			}
			InstrumentationState next = state.without(disable).with(enable);
			AnalysisReport.Group top = report.problemGroups().isEmpty() ? null : report.problemGroups().get(0);
			log.add(new Cycle(cycle, report.problemGroups().size(), top == null ? null : top.edges().get(0).label(),
					top == null ? 0 : top.edges().get(0).share(), enable.size(), disable.size(), next.count()));
			state = next;
			peak = Math.max(peak, state.count());
			if (plan.stop() != null) {
				return new Result(strategy.name(), plan.stop(), plan.localized(), cycle, state.count(),
						state.fraction(space), peak, log);
			}
		}
		return new Result(strategy.name(), StopReason.MAX_CYCLES, null, options.maxCycles(), state.count(),
				state.fraction(space), peak, log);
	}

	/** The corpus as it would have been recorded with only the enabled tracepoints, analysed. */
	static AnalysisReport analyze(List<Trace> corpus, InstrumentationState state, AnalysisOptions options) {
		Analysis analysis = new Analysis(options);
		for (Trace full : corpus) {
			String type = options.requestTypeRule().requestType(full);
			analysis.accept(TraceRestriction.restrict(full, e -> state.enabled(full.tracepoint(e), type)));
		}
		return analysis.report();
	}
}
