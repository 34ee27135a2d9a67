// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.investigation.InvestigationReport;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.investigation.SystemConnection;
import io.pythia.lab.LabController;

/**
 * {@code pythia investigate (--lab | --connection FILE | --resume JOURNAL) --autopilot}: runs a live investigation
 * on autopilot: learns the system's search space, starts from the skeleton, and collects, analyses, proposes and
 * pushes until a stopping condition, every step in a session journal; or resumes a journaled session.
 */
final class InvestigateCommand {

	static final String USAGE = """
			Usage: pythia investigate (--lab | --connection FILE | --resume JOURNAL) --autopilot [options]

			  --lab                the lab started by 'pythia lab start'
			  --connection FILE    {"agents": [{"name", "url", "token"}], "otlpPort": N}
			  --resume JOURNAL     go on with a journaled session where it stood (after a crash or a kill);
			                       its agents are those of the connection it was started with
			  --autopilot          approve every proposal (approval one by one is the workbench's)
			  --strategy NAME      hierarchical (default), flat or historic
			  --window SECONDS     traces collected per cycle (default 6)
			  --max-cycles N       default 8
			  --localized-share X  share of a group's variance that a leaf edge must explain to count as
			                       localized (default 0.5; lower values stop sooner, and sometimes wrongly)
			  --json               one JSON object on standard output
			""";

	/** Failed steps in a row (pushes that reached not every agent) before the investigation gives up. */
	static final int ATTEMPTS = 5;

	private final PrintStream out;
	private final PrintStream err;
	private final Path labDir;

	InvestigateCommand(PrintStream out, PrintStream err, Path labDir) {
		this.out = out;
		this.err = err;
		this.labDir = labDir;
	}

	int run(List<String> args) {
		boolean lab = false;
		boolean autopilot = false;
		boolean json = false;
		Path connectionFile = null;
		Path resume = null;
		InvestigationSettings settings = InvestigationSettings.DEFAULTS;
		try {
			for (int i = 0; i < args.size(); i++) {
				String a = args.get(i);
				switch (a) {
				case "-h", "--help" -> {
					out.print(USAGE);
					return 0;
				}
				case "--lab" -> lab = true;
				case "--autopilot" -> autopilot = true;
				case "--json" -> json = true;
				case "--connection" -> connectionFile = Arguments.existingPath(Arguments.value(args, ++i, a));
				case "--resume" -> resume = Arguments.existingPath(Arguments.value(args, ++i, a));
				case "--strategy" -> settings = settings.withStrategy(Arguments.value(args, ++i, a));
				case "--window" -> settings = settings.withWindowSeconds(Double.parseDouble(Arguments.value(args, ++i, a)));
				case "--max-cycles" -> settings = settings.withMaxCycles(Integer.parseInt(Arguments.value(args, ++i, a)));
				case "--localized-share" -> settings = settings.withLocalizedShare(Double.parseDouble(Arguments.value(args, ++i, a)));
				default -> throw new IllegalArgumentException("unknown option " + a);
				}
			}
			if ((lab ? 1 : 0) + (connectionFile != null ? 1 : 0) + (resume != null ? 1 : 0) != 1) {
				throw new IllegalArgumentException("say what to investigate: --lab, --connection FILE or --resume JOURNAL");
			}
			if (!autopilot) {
				throw new IllegalArgumentException("the command line runs on --autopilot; approving one by one is for the workbench");
			}
			if (!List.of("hierarchical", "flat", "historic").contains(settings.strategy())) {
				throw new IllegalArgumentException("unknown strategy '" + settings.strategy() + "': use hierarchical, flat or historic");
			}
		} catch (NumberFormatException e) {
			err.println("pythia investigate: not a number: " + e.getMessage());
			return 2;
		} catch (IllegalArgumentException e) {
			err.println("pythia investigate: " + e.getMessage());
			return 2;
		}
		long t0 = System.nanoTime();
		boolean quiet = json;
		LiveInvestigation.Listener progress = new LiveInvestigation.Listener() {
			@Override
			public void analysed(LiveInvestigation.CycleAnalysis a) {
				if (!quiet) {
					out.printf(Locale.ROOT, "cycle %d: %d traces, %d problem group(s)%n", a.cycle(), a.report().traces(),
							a.report().problemGroups().size());
				}
			}
		};
		try {
			LiveInvestigation investigation;
			if (resume != null) {
				investigation = LiveInvestigation.resume(resume, settings, c -> c, List.of(progress));
				if (!json) {
					LiveInvestigation.Snapshot s = investigation.snapshot();
					out.printf(Locale.ROOT, "resuming %s at cycle %d (%s)%n", resume, s.cycle(),
							s.phase().name().toLowerCase(Locale.ROOT));
				}
			} else {
				SystemConnection system = lab ? SystemConnection.lab(new LabController(labDir, ""))
						: SystemConnection.file(connectionFile);
				if (!json) {
					out.println("learning the search space (all tracepoints on for one window)...");
				}
				investigation = LiveInvestigation.start(system, settings, List.of(progress));
			}
			try (investigation) {
				if (!json) {
					out.printf(Locale.ROOT, "search space: %d tracepoints x request type, skeleton %d; journal %s%n",
							investigation.space().size(), investigation.space().skeleton().count(), investigation.journal());
				}
				investigation.runToEnd(ATTEMPTS, e -> err.println("pythia investigate: " + e.getMessage() + "; retrying"));
				InvestigationReport r = investigation.report((System.nanoTime() - t0) / 1e9);
				if (json) {
					out.println(new ObjectMapper().writeValueAsString(r));
				} else {
					out.printf(Locale.ROOT, "stopped: %s at %s after %d cycle(s); %d tracepoints enabled (%.1f%% of the space); %.1f s%n",
							r.stop(), r.localizedTracepoint(), r.cycles(), r.enabled(), r.enabledFraction() * 100, r.wallSeconds());
				}
				return 0;
			}
		} catch (IOException e) {
			err.println("pythia investigate: " + e.getMessage());
			return 1;
		}
	}
}
