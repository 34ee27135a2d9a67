// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pythia.investigation.InvestigationReport;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.investigation.SystemConnection;
import io.pythia.lab.LabController;
import io.pythia.lab.LabTopology;
import io.pythia.search.Finding;
import io.pythia.search.SearchSpace;

/**
 * {@code pythia bench localize}: the lab's problems, each localized by autopilot investigations as
 * {@code investigate --lab --autopilot} runs them, several times, against the bounds the lab is held to: the
 * injected tracepoint (or its parent) localized within {@value #MAX_CYCLES} cycles with at most
 * {@value #MAX_ENABLED_PERCENT}% of the search space enabled. Each problem gets a lab of its own, started fresh;
 * its runs follow one another on it (a problem injected, one investigation, every problem cleared), each starting
 * from the skeleton after learning the search space.
 */
final class LocalizeBench {

	static final int MAX_CYCLES = 5;
	static final int MAX_ENABLED_PERCENT = 15;

	/**
	 * One investigation.
	 *
	 * @param foundCycle   the cycle whose analysis localized the injected tracepoint or its parent, or -1
	 * @param foundEnabled tracepoints enabled in that cycle (the instrumentation its traces were made with)
	 */
	record Run(String problem, int run, String truth, String found, int foundCycle, int foundEnabled, String stop,
			int cycles, int enabled, int space, List<String> localized, double seconds) {

		boolean withinBounds() {
			return foundCycle >= 1 && foundCycle <= MAX_CYCLES && foundEnabled * 100.0 <= MAX_ENABLED_PERCENT * space;
		}
	}

	private final PrintStream out;
	private final PrintStream err;

	LocalizeBench(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** @return every run, after printing each and a summary per problem */
	List<Run> run(Path dir, LabController.StartOptions options, List<String> problems, int runs,
			InvestigationSettings settings) throws IOException {
		List<Run> all = new ArrayList<>();
		for (String problem : problems) {
			LabController lab = new LabController(dir, System.getProperty("java.class.path"));
			lab.stop();
			out.printf(Locale.ROOT, "%s: starting the lab%s...%n", problem, options.otelHome() != null ? " under the OpenTelemetry javaagent" : "");
			try {
				lab.start(options, line -> {
				});
				for (int r = 1; r <= runs; r++) {
					lab.clear();
					LabTopology.Problem p = lab.inject(problem);
					Run run = investigate(lab, problem, r, lab.tracepoint(p), settings);
					all.add(run);
					out.printf(Locale.ROOT, "  run %d: %s; stopped %s after %d cycles, %d of %d enabled (%.1f%%)%s; %.0f s%n", r,
							run.foundCycle() < 0 ? "the injected " + run.truth() + " not localized"
									: String.format(Locale.ROOT, "localized %s in cycle %d with %d enabled (%.1f%%)", run.found(),
											run.foundCycle(), run.foundEnabled(), 100.0 * run.foundEnabled() / run.space()),
							run.stop(), run.cycles(), run.enabled(), run.space(), 100.0 * run.enabled() / run.space(),
							run.localized().isEmpty() ? "" : "; findings " + String.join(", ", run.localized()), run.seconds());
				}
			} finally {
				lab.stop();
			}
		}
		summary(all);
		return all;
	}

	private Run investigate(LabController lab, String problem, int r, String truth, InvestigationSettings settings)
			throws IOException {
		// the first snapshot that holds a finding is the cycle it was made in, before that cycle's proposals went out
		record Seen(Finding finding, int cycle, int enabled) {
		}
		Map<String, Seen> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();
		LiveInvestigation.Listener listener = new LiveInvestigation.Listener() {
			@Override
			public void changed(LiveInvestigation.Snapshot s) {
				for (Finding f : s.findings()) {
					firstSeen.putIfAbsent(f.tracepoint() + "\u0000" + f.requestType(), new Seen(f, s.cycle(), s.state().count()));
				}
			}
		};
		long t0 = System.nanoTime();
		try (LiveInvestigation investigation = LiveInvestigation.start(SystemConnection.lab(lab), settings, List.of(listener))) {
			investigation.runToEnd(InvestigateCommand.ATTEMPTS, e -> err.println("pythia bench localize: " + e.getMessage() + "; retrying"));
			InvestigationReport report = investigation.report((System.nanoTime() - t0) / 1e9);
			SearchSpace space = investigation.space();
			String found = null;
			int cycle = -1;
			int enabled = -1;
			for (Seen seen : firstSeen.values()) {
				Finding f = seen.finding();
				SearchSpace.Tracepoint injected = space.tracepoint(f.requestType(), truth);
				boolean atCause = f.tracepoint().equals(truth)
						|| injected != null && f.tracepoint().equals(injected.parent());
				if (atCause && (cycle < 0 || seen.cycle() < cycle)) {
					found = f.tracepoint();
					cycle = seen.cycle();
					enabled = seen.enabled();
				}
			}
			return new Run(problem, r, truth, found, cycle, enabled, report.stop(), report.cycles(), report.enabled(),
					report.searchSpaceSize(), report.localizedTracepoints().stream().map(Finding::tracepoint).distinct().toList(),
					report.wallSeconds());
		}
	}

	private void summary(List<Run> all) {
		out.printf(Locale.ROOT, "%nWithin %d cycles and %d%% enabled, per problem:%n", MAX_CYCLES, MAX_ENABLED_PERCENT);
		Map<String, List<Run>> byProblem = new LinkedHashMap<>();
		all.forEach(r -> byProblem.computeIfAbsent(r.problem(), k -> new ArrayList<>()).add(r));
		int within = 0;
		for (Map.Entry<String, List<Run>> e : byProblem.entrySet()) {
			List<Run> runs = e.getValue();
			long ok = runs.stream().filter(Run::withinBounds).count();
			within += (int) ok;
			out.printf(Locale.ROOT, "  %-17s %d of %d runs (cycles %s; enabled %s)%n", e.getKey(), ok, runs.size(),
					String.join(", ", runs.stream().map(r -> r.foundCycle() < 0 ? "-" : Integer.toString(r.foundCycle())).toList()),
					String.join(", ", runs.stream().map(r -> r.foundCycle() < 0 ? "-"
							: String.format(Locale.ROOT, "%.1f%%", 100.0 * r.foundEnabled() / r.space())).toList()));
		}
		out.printf(Locale.ROOT, "%d of %d runs within the bounds%n", within, all.size());
	}
}
