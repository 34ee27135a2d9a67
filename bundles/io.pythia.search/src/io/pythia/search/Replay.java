// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.pythia.core.Progress;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.Trace;

/**
 * The strategy lab: replays a corpus recorded with all instrumentation enabled as if only the enabled tracepoints
 * had been on (their events hidden, edges contracted), runs the cycle engine on autopilot from the skeleton against
 * that {@link ReplayedSystem}, and reports how many cycles and how much instrumentation it took to localize the
 * problem.
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

	/** One cycle of the replay: what it enabled and disabled, and how many tracepoints were on after it. */
	public record Cycle(int number, int enabled, int disabled, int enabledAfter) {
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
	 * @param findings            every problem localized, in order (the first is localizedTracepoint)
	 */
	public record Result(String strategy, StopReason stop, String localizedTracepoint, int cycles, int enabled,
			double enabledFraction, int peakEnabled, List<Cycle> log, List<Finding> findings) {

		/** Whether every one of these tracepoints was localized (in any request type). */
		public boolean localizedAll(java.util.Collection<String> truths) {
			return findings.stream().map(Finding::tracepoint).collect(java.util.stream.Collectors.toSet()).containsAll(truths);
		}

		public boolean matches(String truth) {
			return stop == StopReason.LOCALIZED && truth.equals(localizedTracepoint);
		}
	}

	private Replay() {
	}

	public static Result run(List<Trace> corpus, SearchSpace space, SearchStrategy strategy, Options options) {
		return run(corpus, space, strategy, options, Progress.NONE);
	}

	/**
	 * Replays with progress per cycle; a cancel stops it between two steps with a
	 * {@link java.util.concurrent.CancellationException}.
	 */
	public static Result run(List<Trace> corpus, SearchSpace space, SearchStrategy strategy, Options options,
			Progress progress) {
		ReplayedSystem system = new ReplayedSystem(corpus, options.analysis().requestTypeRule(), space.skeleton());
		try {
			CycleEngine engine = CycleEngine.open(Journal.inMemory(), space, strategy, new CycleEngine.Options(
					options.budget(), options.maxCycles(), options.localizedShare(), options.boringAfter(),
					options.analysis(), true), system);
			progress.begin("Replaying with the " + strategy.name() + " strategy", options.maxCycles());
			try {
				int cycle = engine.cycle();
				progress.subTask("cycle " + cycle);
				while (engine.step()) {
					progress.checkCanceled();
					if (engine.cycle() != cycle) {
						progress.worked(engine.cycle() - cycle);
						cycle = engine.cycle();
						progress.subTask("cycle " + cycle);
					}
				}
			} finally {
				progress.done();
			}
			engine.close();
			return result(strategy.name(), engine, space, options.maxCycles());
		} catch (IOException e) {
			// the replayed system and the in-memory journal do no I/O
			throw new UncheckedIOException("replay: " + e.getMessage(), e);
		}
	}

	/** Reads the cycles off the session's history. */
	private static Result result(String strategy, CycleEngine engine, SearchSpace space, int maxCycles) {
		List<Cycle> log = new ArrayList<>();
		int enabled = space.skeleton().count();
		int peak = enabled;
		int proposalsEnabled = 0;
		int proposalsDisabled = 0;
		for (JournalRecord r : engine.history()) {
			if (r instanceof JournalRecord.Proposals p) {
				proposalsEnabled = (int) p.items().stream().filter(i -> i.action() == Proposal.Action.ENABLE).count();
				proposalsDisabled = p.items().size() - proposalsEnabled;
			} else if (r instanceof JournalRecord.Pushed p) {
				enabled += p.enabled().size() - p.disabled().size();
				peak = Math.max(peak, enabled);
				log.add(new Cycle(p.cycle(), proposalsEnabled, proposalsDisabled, enabled));
			}
		}
		return new Result(strategy, engine.stopReason(), engine.localizedTracepoint(), Math.min(engine.cycle(), maxCycles),
				engine.state().count(), engine.state().fraction(space), peak, log, engine.findings());
	}

	/** The corpus as it would have been recorded with only the enabled tracepoints, analysed. */
	static AnalysisReport analyze(List<Trace> corpus, InstrumentationState state, AnalysisOptions options) {
		Analysis analysis = new Analysis(options);
		new ReplayedSystem(corpus, options.requestTypeRule(), state).collect().forEach(analysis::accept);
		return analysis.report();
	}
}
