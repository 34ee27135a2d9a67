// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.core.analysis.Grouping;
import io.pythia.importers.ImportResult;
import io.pythia.control.AnalysedWindows;
import io.pythia.investigation.InvestigationReport;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.investigation.ReportWriter;
import io.pythia.investigation.SystemConnection;
import io.pythia.lab.LabController;
import io.pythia.search.CycleEngine;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pythia investigate (--lab | --connection FILE | --resume JOURNAL) [--autopilot]}: runs a live investigation:
 * learns the system's search space, starts from the skeleton, and collects, analyses, proposes and pushes until a
 * stopping condition, every step in a session journal; or resumes a journaled session. Proposals are approved on
 * autopilot or one by one in the terminal.
 */
@Command(name = "investigate", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 110,
		description = "Runs investigation cycles against a running system until the problem is localized, on autopilot "
				+ "or asking about each proposal in the terminal; or goes on with a journaled session.",
		exitCodeListHeading = "Exit status:%n",
		exitCodeList = { "0:the session stopped (localized or not: see the report)", "1:the system could not be reached", "2:bad arguments" })
final class InvestigateCommand implements Callable<Integer> {

	/** What to investigate: one of three. */
	static final class Target {
		@Option(names = "--lab", required = true, description = "the lab started by 'pythia lab start'")
		boolean lab;

		@Option(names = "--connection", required = true, paramLabel = "FILE", converter = Cli.ExistingPath.class,
				description = "{\"agents\": [{\"name\", \"url\", \"token\"}], \"otlpPort\": N}")
		Path connectionFile;

		@Option(names = "--resume", required = true, paramLabel = "JOURNAL", converter = Cli.ExistingPath.class,
				description = "go on with a journaled session where it stood (after a crash or a kill); its agents are "
						+ "those of the connection it was started with")
		Path resume;
	}

	@ArgGroup(exclusive = true, multiplicity = "1")
	private Target target;

	@Option(names = "--autopilot", description = "approve every proposal; without it, each is asked about in the terminal")
	private boolean autopilot;

	@Option(names = "--strategy", paramLabel = "NAME", defaultValue = "hierarchical",
			description = "hierarchical (default), flat, historic or random (the baseline)")
	private String strategy;

	@Option(names = "--window", paramLabel = "SECONDS", defaultValue = "6", description = "traces collected per cycle (default: ${DEFAULT-VALUE})")
	private double window;

	@Option(names = "--max-cycles", paramLabel = "N", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
	private int maxCycles;

	@Option(names = "--localized-share", paramLabel = "X", defaultValue = "0.5",
			description = "share of a group's variance that a leaf edge must explain to count as localized (default: "
					+ "${DEFAULT-VALUE}; lower values stop sooner, and sometimes wrongly)")
	private double localizedShare;

	@Option(names = "--grouping", paramLabel = "BY", defaultValue = "workflow", converter = Cli.GroupingName.class,
			description = Cli.GROUPING_HELP)
	private Grouping grouping;

	@Option(names = "--save-reports", paramLabel = "FOLDER",
			description = "write each cycle's analysis there as cycle-N.json (the analyze --json report of its traces)")
	private Path reportsDir;

	@Option(names = "--max-enabled", paramLabel = "X", defaultValue = "0.15",
			description = "share of the search space enabled at once, at most (default: ${DEFAULT-VALUE}; several problems "
					+ "at once need more)")
	private double maxEnabled;

	@Option(names = "--slo", paramLabel = "TYPE=MS", description = Cli.SLO_HELP)
	private java.util.Map<String, Double> slos = new java.util.LinkedHashMap<>();

	@Option(names = "--json", description = "one JSON object on standard output")
	private boolean json;

	@Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
			description = "where each window is analysed: local (default: the spans come to this process's receiver) or "
					+ "flink (a streaming job reads them from the system's Kafka topic otlp_spans; needs a connection with "
					+ "\"kafka\", as lab start --kafka writes)")
	private String engine;

	@Option(names = "--jobmanager", paramLabel = "HOST:PORT",
			description = "with --engine flink: the JobManager's REST address (default: the cluster of ./pythia flink start)")
	private String jobmanager;

	@Option(names = "--session-gap", paramLabel = "MS",
			description = "with --engine flink: a trace is complete once no span of it came for this long (default: 500, "
					+ "the local collector's completion time)")
	private Long sessionGapMillis;

	@Option(names = "--restore", description = "with --resume, of a session that stopped: propose disabling what it "
			+ "enabled beyond the skeleton (its lean traces exported), approved and pushed like any cycle")
	private boolean restore;

	/** A streamed window's counts, as a cycle's line shows them. */
	static String describe(AnalysedWindows.Window w) {
		String s = String.format(Locale.ROOT, "window from %tT analysed by the streaming job", w.startMillis());
		if (w.badMessages() + w.incomplete() + w.rejectedTraces() == 0) {
			return s;
		}
		return s + String.format(Locale.ROOT, " (%d bad message(s), %d trace(s) without their root, %d not assembled%s)",
				w.badMessages(), w.incomplete(), w.rejectedTraces(), w.problems().isEmpty() ? "" : ": " + w.problems().get(0));
	}

	/** Failed steps in a row (pushes that reached not every agent) before the investigation gives up. */
	static final int ATTEMPTS = 5;

	private final PrintStream out;
	private final PrintStream err;
	private final Path labDir;
	private final InputStream in;

	InvestigateCommand(PrintStream out, PrintStream err, Path labDir) {
		this(out, err, labDir, System.in);
	}

	/** @param in where the answers come from when proposals are approved one by one */
	InvestigateCommand(PrintStream out, PrintStream err, Path labDir, InputStream in) {
		this.out = out;
		this.err = err;
		this.labDir = labDir;
		this.in = in;
	}

	int run(List<String> args) {
		return Cli.execute(this, out, err, args);
	}

	@Override
	public Integer call() {
		if (!List.of("hierarchical", "flat", "historic", "random").contains(strategy)) {
			throw new IllegalArgumentException("unknown strategy '" + strategy + "': use hierarchical, flat, historic or random");
		}
		InvestigationSettings settings = InvestigationSettings.DEFAULTS.withStrategy(strategy).withWindowSeconds(window)
				.withMaxCycles(maxCycles).withLocalizedShare(localizedShare).withGrouping(grouping).withSlos(slos)
				.withTotalFraction(maxEnabled);
		settings.analysis(); // objectives out of range are bad arguments, said before anything starts
		if (reportsDir != null) {
			try {
				java.nio.file.Files.createDirectories(reportsDir);
			} catch (IOException e) {
				throw new IllegalArgumentException("--save-reports " + reportsDir + ": cannot create it: " + e.getMessage());
			}
		}
		if (!"local".equals(engine) && target.resume != null) {
			throw new IllegalArgumentException("--engine goes with --lab or --connection: a resumed session collects locally");
		}
		if ("local".equals(engine) && (jobmanager != null || sessionGapMillis != null)) {
			throw new IllegalArgumentException("--jobmanager and --session-gap go with --engine flink");
		}
		long gapMillis = sessionGapMillis == null ? 500 : sessionGapMillis;
		if (gapMillis < 1) {
			throw new IllegalArgumentException("--session-gap needs a whole number of milliseconds, at least 1");
		}
		io.pythia.investigation.AnalysisEngine streaming = "local".equals(engine) ? null
				: io.pythia.investigation.AnalysisEngine.named(engine);
		if (restore && target.resume == null) {
			throw new IllegalArgumentException("--restore goes with --resume JOURNAL: it restores a session that stopped");
		}
		boolean lab = target.lab;
		Path connectionFile = target.connectionFile;
		Path resume = target.resume;
		long t0 = System.nanoTime();
		boolean quiet = json;
		List<AnalysedWindows.Window> stream = new java.util.concurrent.CopyOnWriteArrayList<>();
		LiveInvestigation.Listener progress = new LiveInvestigation.Listener() {
			@Override
			public void analysed(LiveInvestigation.CycleAnalysis a) {
				if (reportsDir != null) {
					Path file = reportsDir.resolve("cycle-" + a.cycle() + ".json");
					try (var o = java.nio.file.Files.newOutputStream(file)) {
						ReportWriter.json(a.report(), new ImportResult(0, List.of()), 0, o);
					} catch (IOException | java.io.UncheckedIOException e) {
						err.println("pythia investigate: cannot write " + file + ": " + e.getMessage());
					}
				}
				if (a.streamed() != null) {
					stream.add(a.streamed());
				}
				if (!quiet) {
					out.printf(Locale.ROOT, "cycle %d: %d traces%s, %d problem group(s)%s%n", a.cycle(), a.report().traces(),
							a.earlierTraces() == 0 ? "" : String.format(Locale.ROOT, " (%d from earlier cycles of the same instrumentation)", a.earlierTraces()),
							a.report().problemGroups().size(), a.streamed() == null ? "" : "; " + describe(a.streamed()));
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
				if (streaming == null) {
					investigation = LiveInvestigation.start(system, settings, List.of(progress));
				} else {
					if (system.kafka() == null) {
						throw new IOException((lab ? "the lab was started without --kafka" : connectionFile + " names no \"kafka\": \"HOST:PORT\"")
								+ ": --engine " + engine + " reads the system's spans from Kafka");
					}
					java.util.Map<String, String> engineSettings = new java.util.HashMap<>();
					if (jobmanager != null) {
						engineSettings.put("jobmanager", jobmanager);
					}
					investigation = LiveInvestigation.start(system, settings, List.of(progress),
							streaming.stream(system.kafka(), settings.analysis(), java.time.Duration.ofMillis((long) (window * 1000)),
									java.time.Duration.ofMillis(gapMillis), engineSettings));
				}
			}
			try (investigation) {
				if (restore) {
					if (investigation.snapshot().phase() != CycleEngine.Phase.STOPPED) {
						err.println("pythia investigate: " + resume + " has not stopped (cycle "
								+ investigation.snapshot().cycle() + "): go on with it first, then restore");
						return 2;
					}
					if (!investigation.restore() && !json) {
						out.println("only the skeleton is enabled: nothing to restore");
					}
				}
				if (!json) {
					out.printf(Locale.ROOT, "search space: %d tracepoints x request type, skeleton %d; journal %s%n",
							investigation.space().size(), investigation.space().skeleton().count(), investigation.journal());
				}
				boolean quit = false;
				if (autopilot) {
					investigation.runToEnd(ATTEMPTS, e -> err.println("pythia investigate: " + e.getMessage() + "; retrying"));
				} else {
					quit = byHand(investigation, json ? err : out);
				}
				InvestigationReport r = investigation.report((System.nanoTime() - t0) / 1e9);
				if (quit) {
					err.println("pythia investigate: stopped asking at cycle " + r.cycles() + "; go on with: pythia investigate --resume "
							+ investigation.journal());
				}
				if (json) {
					ObjectMapper mapper = new ObjectMapper();
					com.fasterxml.jackson.databind.node.ObjectNode n = mapper.valueToTree(r);
					if (streaming != null) {
						// what the streaming job counted of the cycles' windows: bad input never stops it
						com.fasterxml.jackson.databind.node.ObjectNode st = n.putObject("stream");
						st.put("windows", stream.size());
						st.put("badMessages", stream.stream().mapToLong(AnalysedWindows.Window::badMessages).sum());
						st.put("incompleteTraces", stream.stream().mapToLong(AnalysedWindows.Window::incomplete).sum());
						st.put("rejectedTraces", stream.stream().mapToLong(AnalysedWindows.Window::rejectedTraces).sum());
						com.fasterxml.jackson.databind.node.ArrayNode problems = st.putArray("problems");
						stream.stream().flatMap(w -> w.problems().stream()).distinct().limit(10).forEach(problems::add);
					}
					out.println(mapper.writeValueAsString(n));
				} else if (!quit) {
					String at = !r.localizedTracepoints().isEmpty()
							? " at " + String.join(", ", r.localizedTracepoints().stream().map(f -> f.tracepoint()).toList())
							: r.localizedTracepoint() != null ? " at " + r.localizedTracepoint() : "";
					out.printf(Locale.ROOT, "stopped: %s%s after %d cycle(s); %d tracepoints enabled (%.1f%% of the space); %.1f s%n",
							r.stop(), at,
							r.cycles(), r.enabled(), r.enabledFraction() * 100, r.wallSeconds());
					for (var f : r.localizedTracepoints()) {
						out.printf(Locale.ROOT, "  %s: %s, group %s, %s explains %.0f%% of its variance%n", f.tracepoint(),
								f.requestType(), f.groupId(), f.edge(), f.share() * 100);
					}
				}
				return 0;
			}
		} catch (IOException e) {
			err.println("pythia investigate: " + e.getMessage());
			return 1;
		}
	}

	/**
	 * Runs the session with approval in the terminal: every cycle's proposals are asked about, the approved ones
	 * pushed, until the session stops or the engineer quits.
	 *
	 * @return whether the engineer quit (or the input ended) before the session stopped
	 */
	private boolean byHand(LiveInvestigation investigation, PrintStream prompt) throws IOException {
		TerminalApproval approval = new TerminalApproval(
				new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), prompt);
		int failures = 0;
		while (investigation.snapshot().phase() != CycleEngine.Phase.STOPPED) {
			try {
				investigation.advance();
				LiveInvestigation.Snapshot s = investigation.snapshot();
				if (s.phase() == CycleEngine.Phase.AWAITING_APPROVAL) {
					TerminalApproval.Answers a = approval.ask(s.cycle(), s.proposals(), s.decisions());
					for (var d : a.decisions().entrySet()) {
						investigation.decide(d.getKey(), d.getValue());
					}
					if (a.quit()) {
						return true;
					}
					investigation.pushApproved();
				}
				failures = 0;
			} catch (IOException e) {
				err.println("pythia investigate: " + e.getMessage() + "; retrying");
				if (++failures >= ATTEMPTS) {
					throw e;
				}
			}
		}
		return false;
	}
}
