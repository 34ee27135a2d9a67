// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pythia.importers.TraceWriter;
import io.pythia.investigation.InvestigationReport;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.investigation.SystemConnection;
import io.pythia.lab.LabController;
import io.pythia.lab.LabTopology;
import io.pythia.search.Finding;
import io.pythia.search.SearchSpace;

/**
 * {@code pythia bench localize}: the lab's problems localized by autopilot investigations, as
 * {@code investigate --lab --autopilot} runs them, several times, against bounds: every injected tracepoint (or its
 * parent) localized within N cycles with at most a share X of the search space enabled. Each set of problems (one
 * problem, or all of them at once) gets a lab of its own, started fresh; its runs follow one another on it (the set
 * injected, one investigation, every problem cleared), each starting from the skeleton after learning the space.
 */
final class LocalizeBench {

	/** The bounds the lab is held to for one problem. */
	static final int MAX_CYCLES = 5;
	static final double MAX_ENABLED = 0.15;

	/**
	 * Where one injected problem was found in a run.
	 *
	 * @param cycle   the cycle whose analysis localized its tracepoint or the tracepoint's parent, or -1
	 * @param enabled tracepoints enabled in that cycle (the instrumentation its traces were made with)
	 */
	record Found(String problem, String truth, String at, int cycle, int enabled) {
	}

	/** One investigation of a set of injected problems. */
	record Run(int run, List<Found> found, String stop, int cycles, int enabled, int space, List<String> findings,
			double seconds) {

		boolean within(int maxCycles, double maxEnabled) {
			return found.stream().allMatch(f -> f.cycle() >= 1 && f.cycle() <= maxCycles && f.enabled() <= maxEnabled * space);
		}
	}

	private final PrintStream out;
	private final PrintStream err;

	LocalizeBench(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * @param sets       the problems injected together in each run of a set: one problem each, or all at once
	 * @param maxCycles  the bound on the cycle of each finding
	 * @param maxEnabled the bound on the share enabled at each finding
	 * @return whether every run was within the bounds, after printing each run and a summary per set
	 */
	boolean run(Path dir, LabController.StartOptions options, List<List<String>> sets, int runs,
			InvestigationSettings settings, int maxCycles, double maxEnabled) throws IOException {
		List<String> summary = new ArrayList<>();
		int within = 0;
		int total = 0;
		for (List<String> set : sets) {
			String name = String.join(" + ", set);
			LabController lab = new LabController(dir, System.getProperty("java.class.path"));
			lab.stop();
			out.printf(Locale.ROOT, "%s: starting the lab%s...%n", name, options.otelHome() != null ? " under the OpenTelemetry javaagent" : "");
			List<Run> done = new ArrayList<>();
			try {
				lab.start(options, line -> {
				});
				for (int r = 1; r <= runs; r++) {
					lab.clear();
					List<String> truths = new ArrayList<>();
					for (String problem : set) {
						truths.add(lab.tracepoint(lab.inject(problem)));
					}
					Run run = investigate(lab, set, truths, r, settings, dir.resolve("run-" + sets.indexOf(set) + "-" + r));
					done.add(run);
					print(run);
				}
			} finally {
				lab.stop();
			}
			long ok = done.stream().filter(r -> r.within(maxCycles, maxEnabled)).count();
			within += (int) ok;
			total += done.size();
			summary.add(String.format(Locale.ROOT, "  %-17s %d of %d runs (cycles %s; enabled %s)", name, ok, done.size(),
					String.join("; ", done.stream().map(r -> String.join(", ", r.found().stream()
							.map(f -> f.cycle() < 0 ? "-" : Integer.toString(f.cycle())).toList())).toList()),
					String.join("; ", done.stream().map(r -> String.join(", ", r.found().stream()
							.map(f -> f.cycle() < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * f.enabled() / r.space()))
							.toList())).toList())));
		}
		out.printf(Locale.ROOT, "%nEvery injected problem localized within %d cycles and %.0f%% enabled:%n", maxCycles,
				maxEnabled * 100);
		summary.forEach(out::println);
		out.printf(Locale.ROOT, "%d of %d runs within the bounds%n", within, total);
		return within == total;
	}

	private void print(Run run) {
		List<String> parts = new ArrayList<>();
		for (Found f : run.found()) {
			parts.add(f.cycle() < 0 ? f.problem() + ": " + f.truth() + " not localized"
					: String.format(Locale.ROOT, "%s: %s in cycle %d with %d enabled (%.1f%%)", f.problem(), f.at(), f.cycle(),
							f.enabled(), 100.0 * f.enabled() / run.space()));
		}
		out.printf(Locale.ROOT, "  run %d: %s; stopped %s after %d cycles, %d of %d enabled (%.1f%%); findings %s; %.0f s%n",
				run.run(), String.join("; ", parts), run.stop(), run.cycles(), run.enabled(), run.space(),
				100.0 * run.enabled() / run.space(), run.findings().isEmpty() ? "none" : String.join(", ", run.findings()),
				run.seconds());
	}

	/** @param traces where each cycle's traces are written (cycle-N.json, Jaeger JSON), to look into a run afterwards */
	private Run investigate(LabController lab, List<String> problems, List<String> truths, int r,
			InvestigationSettings settings, Path traces) throws IOException {
		Files.createDirectories(traces);
		// the first snapshot that holds a finding is the cycle it was made in, before that cycle's proposals went out
		record Seen(Finding finding, int cycle, int enabled) {
		}
		Map<String, Seen> firstSeen = new ConcurrentHashMap<>();
		LiveInvestigation.Listener listener = new LiveInvestigation.Listener() {
			@Override
			public void analysed(LiveInvestigation.CycleAnalysis a) {
				try (OutputStream o = Files.newOutputStream(traces.resolve("cycle-" + a.cycle() + ".json"))) {
					TraceWriter.writeJaeger(a.ownTraces(), o);
				} catch (IOException e) {
					err.println("pythia bench localize: cycle " + a.cycle() + "'s traces not written: " + e.getMessage());
				}
			}

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
			List<Found> found = new ArrayList<>();
			for (int i = 0; i < problems.size(); i++) {
				String truth = truths.get(i);
				Seen first = null;
				for (Seen seen : firstSeen.values()) {
					SearchSpace.Tracepoint injected = space.tracepoint(seen.finding().requestType(), truth);
					String at = seen.finding().tracepoint();
					boolean atCause = at.equals(truth) || injected != null && at.equals(injected.parent());
					if (atCause && (first == null || seen.cycle() < first.cycle())) {
						first = seen;
					}
				}
				found.add(first == null ? new Found(problems.get(i), truth, null, -1, -1)
						: new Found(problems.get(i), truth, first.finding().tracepoint(), first.cycle(), first.enabled()));
			}
			return new Run(r, found, report.stop(), report.cycles(), report.enabled(), report.searchSpaceSize(),
					report.localizedTracepoints().stream().map(Finding::tracepoint).distinct().toList(), report.wallSeconds());
		}
	}
}
