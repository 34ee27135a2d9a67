// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pythia.core.analysis.AnalysisOptions;
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

/**
 * {@code pythia replay CORPUS --truth TRACEPOINT --strategy ...}: the strategy lab. Replays a corpus recorded with
 * all instrumentation enabled, starting from the skeleton, and reports per strategy the cycles and instrumentation
 * it took to localize the problem, and whether it found the known cause.
 */
final class ReplayCommand {

	static final String USAGE = """
			Usage: pythia replay [options] CORPUS... --truth TRACEPOINT

			Replays traces recorded with all instrumentation enabled as if only the enabled tracepoints were on,
			runs the search on autopilot from the skeleton (root and service entries), and reports per strategy:
			stopping condition, localized tracepoint, cycles, tracepoints enabled (count and share of the search
			space), and whether the localized tracepoint is the known cause.

			Options:
			  --truth TRACEPOINT      the known cause, e.g. svc3:create.call3.step2 (service:operation)
			  --strategy NAME         hierarchical, flat, historic or all (default all)
			  --budget N              tracepoints enabled per cycle (default 3)
			  --cap X                 tracepoints enabled at once: a count, or a share of the space if < 1 (default 0.5)
			  --max-cycles N          cycles at most (default 20)
			  --localized-share X     share of the variance that counts as localized (default 0.5)
			  --seed N                seed of the strategies' tie-breaking (default 1)
			  --boring-after K        cycles off every problem path before a tracepoint is disabled (default 3)
			  --space FILE            use this saved search space instead of learning it from the corpus
			  --save-space FILE       save the search space learned from the corpus (JSON, versioned)
			  --json                  one JSON object on standard output
			""";

	private final PrintStream out;
	private final PrintStream err;

	ReplayCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		String truth = null;
		String strategyName = "all";
		int perCycle = 3;
		double cap = 0.5;
		int maxCycles = 20;
		double localizedShare = 0.5;
		long seed = 1;
		boolean json = false;
		int boringAfter = 3;
		Path spaceIn = null;
		Path spaceOut = null;
		List<Path> paths = new ArrayList<>();
		try {
			for (int i = 0; i < args.size(); i++) {
				String a = args.get(i);
				switch (a) {
				case "-h", "--help" -> {
					out.print(USAGE);
					return 0;
				}
				case "--truth" -> truth = Arguments.value(args, ++i, a);
				case "--strategy" -> strategyName = Arguments.value(args, ++i, a);
				case "--budget" -> perCycle = Integer.parseInt(Arguments.value(args, ++i, a));
				case "--cap" -> cap = Double.parseDouble(Arguments.value(args, ++i, a));
				case "--max-cycles" -> maxCycles = Integer.parseInt(Arguments.value(args, ++i, a));
				case "--localized-share" -> localizedShare = Double.parseDouble(Arguments.value(args, ++i, a));
				case "--seed" -> seed = Long.parseLong(Arguments.value(args, ++i, a));
				case "--json" -> json = true;
				case "--boring-after" -> boringAfter = Integer.parseInt(Arguments.value(args, ++i, a));
				case "--space" -> spaceIn = Path.of(Arguments.value(args, ++i, a));
				case "--save-space" -> spaceOut = Path.of(Arguments.value(args, ++i, a));
				default -> paths.add(Arguments.existingPath(a));
				}
			}
			if (paths.isEmpty() || truth == null) {
				throw new IllegalArgumentException(paths.isEmpty() ? "no corpus given" : "--truth is required");
			}
			if (!List.of("all", "hierarchical", "flat", "historic").contains(strategyName)) {
				throw new IllegalArgumentException("unknown strategy '" + strategyName + "': use hierarchical, flat, historic or all");
			}
			if (perCycle < 1 || maxCycles < 1 || !(cap > 0) || boringAfter < 1) {
				throw new IllegalArgumentException("--budget, --max-cycles, --cap and --boring-after must be positive");
			}
		} catch (NumberFormatException e) {
			err.println("pythia replay: not a number: " + e.getMessage());
			return 2;
		} catch (IllegalArgumentException e) {
			err.println("pythia replay: " + e.getMessage());
			err.println("Try 'pythia replay --help'.");
			return 2;
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
		AnalysisOptions analysis = AnalysisOptions.DEFAULTS;
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
		List<String> names = "all".equals(strategyName) ? List.of("hierarchical", "flat", "historic") : List.of(strategyName);
		List<Replay.Result> results = new ArrayList<>();
		History history = new History(); // the lab starts without history: historic then searches hierarchically
		for (String name : names) {
			results.add(Replay.run(corpus, space, SearchStrategy.named(name, seed, history), options));
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
						r.localizedTracepoint() == null ? "-" : r.localizedTracepoint());
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
