// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pythia.control.AgentEndpoint;
import io.pythia.control.LiveSystem;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.json.JsonText;
import io.pythia.search.Budget;
import io.pythia.search.CycleEngine;
import io.pythia.search.SearchSpace;
import io.pythia.search.SearchStrategy;

/**
 * {@code pythia investigate (--lab | --connection FILE) --autopilot}: runs investigation cycles against a running
 * system: learns its search space, starts from the skeleton, and collects, analyses, proposes and pushes until a
 * stopping condition. Every step goes to a session journal.
 */
final class InvestigateCommand {

	static final String USAGE = """
			Usage: pythia investigate (--lab | --connection FILE) --autopilot [options]

			  --lab                the lab started by 'pythia lab start'
			  --connection FILE    {"agents": [{"name", "url", "token"}], "otlpPort": N}
			  --autopilot          approve every proposal (approval one by one is the workbench's)
			  --strategy NAME      hierarchical (default), flat or historic
			  --window SECONDS     traces collected per cycle (default 6)
			  --max-cycles N       default 8
			  --localized-share X  share of a group's variance that a leaf edge must explain to count as
			                       localized (default 0.5; lower values stop sooner, and sometimes wrongly)
			  --json               one JSON object on standard output
			""";

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
		String strategy = "hierarchical";
		double window = 6;
		int maxCycles = 8;
		double localizedShare = 0.5;
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
				case "--strategy" -> strategy = Arguments.value(args, ++i, a);
				case "--window" -> window = Double.parseDouble(Arguments.value(args, ++i, a));
				case "--max-cycles" -> maxCycles = Integer.parseInt(Arguments.value(args, ++i, a));
				case "--localized-share" -> localizedShare = Double.parseDouble(Arguments.value(args, ++i, a));
				default -> throw new IllegalArgumentException("unknown option " + a);
				}
			}
			if (lab == (connectionFile != null)) {
				throw new IllegalArgumentException("say what to investigate: --lab or --connection FILE");
			}
			if (!autopilot) {
				throw new IllegalArgumentException("the command line runs on --autopilot; approving one by one is for the workbench");
			}
		} catch (NumberFormatException e) {
			err.println("pythia investigate: not a number: " + e.getMessage());
			return 2;
		} catch (IllegalArgumentException e) {
			err.println("pythia investigate: " + e.getMessage());
			return 2;
		}
		long t0 = System.nanoTime();
		try {
			AgentEndpoint.Connection connection;
			Path journalDir;
			if (lab) {
				LabCommand labs = new LabCommand(out, err, labDir);
				if (!Files.exists(labDir.resolve("lab.json"))) {
					err.println("pythia investigate: the lab is not running (start it: pythia lab start)");
					return 1;
				}
				connection = LabCommand.connection(labs.read());
				journalDir = labDir;
			} else {
				connection = AgentEndpoint.read(connectionFile);
				journalDir = connectionFile.toAbsolutePath().getParent();
			}
			try (LiveSystem live = new LiveSystem(connection.otlpPort(), Duration.ofMillis((long) (window * 1000)), 500)) {
				live.connect(connection.agents());
				if (!json) {
					out.println("learning the search space (all tracepoints on for one window)...");
				}
				SearchSpace space = live.learnSearchSpace(AnalysisOptions.DEFAULTS.requestTypeRule());
				Path journal = journalDir.resolve("session-" + System.currentTimeMillis() + ".jsonl");
				CycleEngine engine = CycleEngine.open(journal, space, SearchStrategy.named(strategy, 1, new io.pythia.search.History()),
						new CycleEngine.Options(Budget.of(3, 0.15, space), maxCycles, localizedShare, 3, AnalysisOptions.DEFAULTS, true),
						live);
				if (!json) {
					out.printf(Locale.ROOT, "search space: %d tracepoints x request type, skeleton %d; journal %s%n", space.size(),
							space.skeleton().count(), journal);
				}
				while (engine.phase() != CycleEngine.Phase.STOPPED) {
					try {
						engine.run();
					} catch (IOException e) {
						// a push that reached not every agent: say so and push again next step
						err.println("pythia investigate: " + e.getMessage() + "; retrying");
					}
					if (!json && engine.phase() != CycleEngine.Phase.STOPPED) {
						out.printf(Locale.ROOT, "cycle %d: %d tracepoints enabled%n", engine.cycle(), engine.state().count());
					}
				}
				double seconds = (System.nanoTime() - t0) / 1e9;
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("stop", engine.stopReason().label());
				result.put("localizedTracepoint", engine.localizedTracepoint());
				result.put("cycles", (long) engine.cycle());
				result.put("enabled", (long) engine.state().count());
				result.put("enabledFraction", engine.state().fraction(space));
				result.put("searchSpaceSize", (long) space.size());
				result.put("wallSeconds", Math.round(seconds * 10) / 10.0);
				result.put("journal", journal.toString());
				engine.close();
				if (json) {
					out.println(JsonText.write(result));
				} else {
					out.printf(Locale.ROOT, "stopped: %s at %s after %d cycle(s); %d tracepoints enabled (%.1f%% of the space); %.1f s%n",
							engine.stopReason().label(), engine.localizedTracepoint(), engine.cycle(), engine.state().count(),
							engine.state().fraction(space) * 100, seconds);
				}
				return 0;
			}
		} catch (IOException e) {
			err.println("pythia investigate: " + e.getMessage());
			return 1;
		}
	}
}
