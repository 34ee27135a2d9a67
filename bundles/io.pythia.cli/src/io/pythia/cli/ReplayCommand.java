// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.Grouping;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.ImportResult;
import io.pythia.importers.TraceImporter;
import io.pythia.investigation.SearchSpaceFile;
import io.pythia.search.Budget;
import io.pythia.search.History;
import io.pythia.search.Replay;
import io.pythia.search.SearchSpace;
import io.pythia.search.SearchStrategy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pythia replay CORPUS --truth TRACEPOINT --strategy ...}: the strategy lab. Replays a corpus recorded with
 * all instrumentation enabled, starting from the skeleton, and reports per strategy the cycles and instrumentation
 * it took to localize the problem, and whether it found the known cause.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 110,
		description = { "Replays traces recorded with all instrumentation enabled as if only the enabled tracepoints "
				+ "were on, runs the search on autopilot from the skeleton (root and service entries), and reports per "
				+ "strategy: stopping condition, localized tracepoint, cycles, tracepoints enabled (count and share of "
				+ "the search space), and whether the localized tracepoint is the known cause." },
		exitCodeListHeading = "Exit status:%n", exitCodeList = { "0:replayed", "1:nothing to replay", "2:bad arguments" })
final class ReplayCommand implements Callable<Integer> {

	@Parameters(paramLabel = "CORPUS", arity = "1..*",
			description = "trace files and folders, recorded with every tracepoint enabled")
	private List<Path> paths = new ArrayList<>();

	@Option(names = "--truth", required = true, paramLabel = "TRACEPOINT",
			description = "the known cause, e.g. svc3:create.call3.step2 (service:operation)")
	private String truth;

	@Option(names = "--strategy", paramLabel = "NAME", defaultValue = "all",
			description = "hierarchical, flat, historic, random (the baseline) or all (default: ${DEFAULT-VALUE})")
	private String strategyName;

	@Option(names = "--budget", paramLabel = "N", defaultValue = "3", description = "tracepoints enabled per cycle (default: ${DEFAULT-VALUE})")
	private int perCycle;

	@Option(names = "--cap", paramLabel = "X", defaultValue = "0.5",
			description = "tracepoints enabled at once: a count, or a share of the space if < 1 (default: ${DEFAULT-VALUE})")
	private double cap;

	@Option(names = "--max-cycles", paramLabel = "N", defaultValue = "20", description = "cycles at most (default: ${DEFAULT-VALUE})")
	private int maxCycles;

	@Option(names = "--localized-share", paramLabel = "X", defaultValue = "0.5",
			description = "share of the variance that counts as localized (default: ${DEFAULT-VALUE})")
	private double localizedShare;

	@Option(names = "--grouping", paramLabel = "BY", defaultValue = "workflow", converter = Cli.GroupingName.class,
			description = Cli.GROUPING_HELP)
	private Grouping grouping;

	@Option(names = "--slo", paramLabel = "TYPE=MS", description = Cli.SLO_HELP)
	private java.util.Map<String, Double> slos = new java.util.LinkedHashMap<>();

	@Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the strategies' tie-breaking (default: ${DEFAULT-VALUE})")
	private long seed;

	@Option(names = "--boring-after", paramLabel = "K", defaultValue = "3",
			description = "cycles off every problem path before a tracepoint is disabled (default: ${DEFAULT-VALUE})")
	private int boringAfter;

	@Option(names = "--space", paramLabel = "FILE", description = "use this saved search space instead of learning it from the corpus")
	private Path spaceIn;

	@Option(names = "--save-space", paramLabel = "FILE", description = "save the search space learned from the corpus (JSON, versioned)")
	private Path spaceOut;

	@Option(names = "--json", description = "one JSON object on standard output")
	private boolean json;

	private final PrintStream out;
	private final PrintStream err;

	ReplayCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		return Cli.execute(this, out, err, args);
	}

	@Override
	public Integer call() {
		Cli.requireExisting(paths);
		if (!List.of("all", "hierarchical", "flat", "historic", "random").contains(strategyName)) {
			throw new IllegalArgumentException("unknown strategy '" + strategyName + "': use hierarchical, flat, historic, random or all");
		}
		if (perCycle < 1 || maxCycles < 1 || !(cap > 0) || boringAfter < 1) {
			throw new IllegalArgumentException("--budget, --max-cycles, --cap and --boring-after must be positive");
		}
		List<Trace> corpus = new ArrayList<>();
		ImportResult result;
		try {
			// repairs are reported by analyze; the replay needs the traces
			result = new TraceImporter().readAll(paths, TraceSink.of(corpus::add, w -> {
			}));
		} catch (IOException e) {
			err.println("pythia replay: " + e.getMessage());
			return 2;
		}
		result.errors().forEach(e -> err.println("pythia replay: " + e.message()));
		if (corpus.isEmpty()) {
			err.println("pythia replay: nothing to replay: no trace in " + result.files() + " file(s)");
			return 1;
		}
		AnalysisOptions analysis = AnalysisOptions.DEFAULTS.withGrouping(grouping).withSlos(slos);
		SearchSpace space;
		try {
			space = spaceIn != null ? SearchSpaceFile.load(spaceIn) : SearchSpace.build(corpus, analysis.requestTypeRule());
			if (spaceOut != null) {
				SearchSpaceFile.save(space, spaceOut);
			}
		} catch (IOException e) {
			err.println("pythia replay: " + e.getMessage());
			return spaceIn != null ? 2 : 1;
		}
		Budget budget = Budget.of(perCycle, cap, space);
		Replay.Options options = new Replay.Options(budget, maxCycles, localizedShare, boringAfter, analysis);
		List<String> names = "all".equals(strategyName) ? List.of("hierarchical", "flat", "historic", "random") : List.of(strategyName);
		List<Replay.Result> results = new ArrayList<>();
		History history = new History(); // the lab starts without history: historic then searches hierarchically
		for (String name : names) {
			results.add(Replay.run(corpus, space, SearchStrategy.named(name, seed, history), options, ProgressLine.onTerminal(err)));
		}
		if (json) {
			writeJson(space, truth, results);
		} else {
			out.printf(Locale.ROOT, "Replayed %d traces; search space %d tracepoints (x request type), skeleton %d; truth %s%n%n",
					corpus.size(), space.size(), space.skeleton().count(), truth);
			out.printf(Locale.ROOT, "%-13s %-14s %6s %8s %9s  %-7s %s%n", "strategy", "stop", "cycles", "enabled",
					"of space", "matches", "localized tracepoint");
			for (Replay.Result r : results) {
				out.printf(Locale.ROOT, "%-13s %-14s %6d %8d %8.1f%%  %-7s %s%n", r.strategy(), r.stop().label(),
						r.cycles(), r.enabled(), r.enabledFraction() * 100, r.matches(truth) ? "yes" : "no",
						r.findings().isEmpty() ? "-" : String.join(", ", r.findings().stream().map(f -> f.tracepoint()).toList()));
			}
		}
		return 0;
	}

	private void writeJson(SearchSpace space, String truth, List<Replay.Result> results) {
		try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
			g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			g.useDefaultPrettyPrinter();
			g.writeStartObject();
			g.writeNumberField("searchSpaceSize", space.size());
			g.writeNumberField("skeleton", space.skeleton().count());
			g.writeStringField("truth", truth);
			g.writeArrayFieldStart("results");
			for (Replay.Result r : results) {
				g.writeStartObject();
				g.writeStringField("strategy", r.strategy());
				g.writeBooleanField("localized", r.stop() == io.pythia.search.StopReason.LOCALIZED);
				g.writeStringField("stop", r.stop().label());
				if (r.localizedTracepoint() == null) {
					g.writeNullField("localizedTracepoint");
				} else {
					g.writeStringField("localizedTracepoint", r.localizedTracepoint());
				}
				g.writeArrayFieldStart("localizedTracepoints");
				for (var f : r.findings()) {
					g.writeString(f.tracepoint());
				}
				g.writeEndArray();
				g.writeNumberField("cycles", r.cycles());
				g.writeNumberField("enabled", r.enabled());
				g.writeNumberField("enabledFraction", r.enabledFraction());
				g.writeNumberField("peakEnabled", r.peakEnabled());
				g.writeBooleanField("matchesTruth", r.matches(truth));
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeEndObject();
			g.writeRaw('\n');
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
