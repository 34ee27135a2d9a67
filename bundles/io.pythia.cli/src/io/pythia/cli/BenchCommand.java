// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import io.pythia.core.analysis.ParallelAnalysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceImporter;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.lab.LabController;
import io.pythia.lab.LabTopology;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pythia bench analyze}: end-to-end analysis throughput (import, graph, critical path, grouping,
 * decomposition) against a bare Jackson pass that only tokenizes the same bytes, on generated Jaeger and OTLP
 * corpora; medians of several runs after a warm-up, and the heap the streaming analysis needed.
 * {@code pythia bench agent}: what a tracepoint costs a request.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
		description = "Benchmarks: the analysis against a bare JSON tokenizer, a tracepoint's cost on the request path, the collector's ingest, and a push to many agents.")
final class BenchCommand implements Callable<Integer> {

	private static final int WARM_UP = 3;

	private final PrintStream out;
	private final PrintStream err;

	BenchCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		return Cli.execute(this, out, err, args);
	}

	/** No benchmark named: the usage, as a usage error. */
	@Override
	public Integer call() {
		return Cli.noSubcommand(this, err);
	}

	@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
			description = "What a tracepoint costs a request, disabled and enabled (its spans shipped to a collector on "
					+ "loopback), and the exporter's CPU per span shipped (a quick loop; 'bench agent jmh' runs JMH).")
	int agent() {
		try {
			return new AgentBench(out).run(5);
		} catch (IOException e) {
			err.println("pythia bench: " + e.getMessage());
			return 1;
		}
	}

	@Command(name = "ingest", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
			description = { "Spans per second that the workbench's collector receives on loopback and assembles into traces, "
					+ "from several concurrent senders: one line per protocol (OTLP/HTTP JSON, OTLP/HTTP protobuf, "
					+ "OTLP/gRPC). Traces of eight spans from two services, in requests of 512 spans; a warm-up run, then K "
					+ "timed runs per protocol, and their median." })
	int ingest(@Option(names = "--spans", paramLabel = "N", defaultValue = "1000000", description = "spans per run (default: ${DEFAULT-VALUE})") long spans,
			@Option(names = "--senders", paramLabel = "S", defaultValue = "4", description = "concurrent senders (default: ${DEFAULT-VALUE})") int senders,
			@Option(names = "--runs", paramLabel = "K", defaultValue = "3", description = "default: ${DEFAULT-VALUE}") int runs) {
		if (spans < 2 * IngestBench.SPANS_PER_REQUEST || senders < 1 || runs < 1) {
			throw new IllegalArgumentException("--spans needs at least " + 2 * IngestBench.SPANS_PER_REQUEST
					+ ", --senders and --runs at least 1");
		}
		try {
			printMachine();
			return new IngestBench(out).run(spans, senders, runs, List.of(IngestBench.Protocol.values())) ? 0 : 1;
		} catch (IOException e) {
			err.println("pythia bench ingest: " + e.getMessage());
			return 1;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	@Command(name = "push", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
			description = { "The time from Push to every agent having applied and acknowledged its toggle batch, with AGENTS "
					+ "real agents (each its own control endpoint on loopback) and the workbench's control client: a "
					+ "warm-up push, then K timed pushes, and their median." })
	int push(@picocli.CommandLine.Parameters(paramLabel = "AGENTS", arity = "0..1", defaultValue = "50", description = "default: ${DEFAULT-VALUE}") int agents,
			@Option(names = "--pushes", paramLabel = "K", defaultValue = "9", description = "default: ${DEFAULT-VALUE}") int pushes) {
		if (agents < 1 || agents > 1000 || pushes < 1) {
			throw new IllegalArgumentException("AGENTS must be 1 to 1000 and --pushes at least 1");
		}
		try {
			printMachine();
			return new PushBench(out).run(agents, pushes) ? 0 : 1;
		} catch (IOException e) {
			err.println("pythia bench push: " + e.getMessage());
			return 1;
		}
	}

	@Command(name = "localize", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
			description = { "The lab's problems localized by autopilot investigations (as investigate --lab --autopilot), "
					+ "K runs each, against bounds: every injected tracepoint or its parent within N cycles with at most a "
					+ "share X enabled (by default the one-problem bounds, 5 cycles and 0.15). Each problem, or with "
					+ "--together the problems named all at once, gets a fresh lab (in FOLDER, not $PYTHIA_LAB_DIR), "
					+ "stopped after its runs. A run takes about a minute; nothing else should load the machine meanwhile.",
					"Exit status 0 when every run was within the bounds, 3 when some were not." })
	int localize(@picocli.CommandLine.Parameters(paramLabel = "PROBLEM", arity = "0..*", description = "default: all five") List<String> problems,
			@Option(names = "--otel", description = "the lab under the OpenTelemetry javaagent (lab start --otel)") boolean otel,
			@Option(names = "--together", description = "inject the problems all at once, in every run") boolean together,
			@Option(names = "--runs", paramLabel = "K", defaultValue = "3", description = "default: ${DEFAULT-VALUE}") int runs,
			@Option(names = "--window", paramLabel = "SECONDS", defaultValue = "6", description = "default: ${DEFAULT-VALUE}") double window,
			@Option(names = "--max-cycles", paramLabel = "N", defaultValue = "8", description = "the investigation's limit (default: ${DEFAULT-VALUE})") int maxCycles,
			@Option(names = "--max-enabled", paramLabel = "X", defaultValue = "0.15", description = "the investigation's budget (default: ${DEFAULT-VALUE})") double maxEnabled,
			@Option(names = "--within-cycles", paramLabel = "N", defaultValue = "5", description = "the bound (default: ${DEFAULT-VALUE})") int withinCycles,
			@Option(names = "--within-enabled", paramLabel = "X", defaultValue = "0.15", description = "the bound (default: ${DEFAULT-VALUE})") double withinEnabled,
			@Option(names = "--dir", paramLabel = "FOLDER", description = "the labs' state, logs, session journals and each run's cycle traces (run-S-R/cycle-N.json) "
					+ "(default: a new temporary folder, kept)") Path dir) {
		List<String> names = LabTopology.PROBLEMS.stream().map(LabTopology.Problem::name).toList();
		List<String> chosen = problems == null || problems.isEmpty() ? names : problems;
		for (String p : chosen) {
			if (!names.contains(p)) {
				throw new IllegalArgumentException("unknown problem '" + p + "': use " + String.join(", ", names));
			}
		}
		if (runs < 1 || withinCycles < 1 || !(withinEnabled > 0 && withinEnabled <= 1)) {
			throw new IllegalArgumentException("--runs and --within-cycles need at least 1, --within-enabled a share in (0, 1]");
		}
		InvestigationSettings settings = InvestigationSettings.DEFAULTS.withWindowSeconds(window).withMaxCycles(maxCycles)
				.withTotalFraction(maxEnabled);
		List<List<String>> sets = together ? List.of(List.copyOf(chosen)) : chosen.stream().map(List::of).toList();
		try {
			LabController.StartOptions options = LabController.StartOptions.DEFAULTS;
			if (otel) {
				String home = System.getProperty("pythia.otel.lab");
				if (home == null) {
					throw new IOException("--otel needs the OTel lab's folder in -Dpythia.otel.lab (./pythia sets it)");
				}
				options = options.otel(Path.of(home));
			}
			Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("pythia-bench-localize");
			printMachine();
			out.println("labs, logs and journals in " + folder);
			return new LocalizeBench(out, err).run(folder, options, sets, runs, settings, withinCycles, withinEnabled) ? 0 : 3;
		} catch (IOException e) {
			err.println("pythia bench localize: " + e.getMessage());
			return 1;
		}
	}

	@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
			description = { "Generates a corpus of N events as Jaeger JSON and as OTLP/JSON, then measures events per "
					+ "second of a bare Jackson tokenizing pass and of the end-to-end analysis over the same bytes, K timed "
					+ "runs each after three warm-ups, and prints medians and their ratio. It also reports the peak heap "
					+ "used (run it with -Xmx to cap the heap). Files of 4 MB or more are imported on up to two worker "
					+ "threads beside the calling one; the bare pass uses one thread." })
	int analyze(@Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "default: ${DEFAULT-VALUE}") long events,
			@Option(names = "--runs", paramLabel = "K", defaultValue = "5", description = "default: ${DEFAULT-VALUE}") int runs,
			@Option(names = "--dir", paramLabel = "FOLDER", description = "keep the corpus there (default: a temporary folder, removed)") Path dir) {
		if (events < 1000 || runs < 1) {
			throw new IllegalArgumentException("--events needs at least 1000 and --runs at least 1");
		}
		try {
			Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("pythia-bench");
			printMachine();
			BenchCorpus corpus = new BenchCorpus(42);
			Path jaeger = folder.resolve("bench-jaeger.json");
			Path otlp = folder.resolve("bench-otlp.ndjson");
			long jaegerEvents = corpus.writeJaeger(jaeger, events);
			long otlpEvents = new BenchCorpus(42).writeOtlp(otlp, events);
			measure("Jaeger JSON", jaeger, jaegerEvents, runs);
			measure("OTLP/JSON (NDJSON)", otlp, otlpEvents, runs);
			if (dir == null) {
				Files.deleteIfExists(jaeger);
				Files.deleteIfExists(otlp);
				Files.deleteIfExists(folder);
			}
			return 0;
		} catch (IOException e) {
			err.println("pythia bench: " + e.getMessage());
			return 1;
		}
	}

	private void measure(String name, Path file, long events, int runs) throws IOException {
		long bytes = Files.size(file);
		out.printf(Locale.ROOT, "%n%s: %,d events (%,d traces), %,.1f MB%n", name, events,
				events / (2 * BenchCorpus.SPANS_PER_TRACE), bytes / 1e6);
		for (int w = 0; w < WARM_UP; w++) { // let the JIT compile both paths before timing them
			bare(file);
			endToEnd(file, null);
		}
		double[] bareRates = new double[runs];
		double[] fullRates = new double[runs];
		double[] ratios = new double[runs];
		AnalysisReport last = null;
		resetPeaks();
		for (int r = 0; r < runs; r++) {
			// each timed pass starts after a full collection, so that neither pays for the garbage of the other
			System.gc();
			long t0 = System.nanoTime();
			bare(file);
			bareRates[r] = events / ((System.nanoTime() - t0) / 1e9);
			AnalysisReport[] report = new AnalysisReport[1];
			System.gc();
			t0 = System.nanoTime();
			endToEnd(file, report);
			fullRates[r] = events / ((System.nanoTime() - t0) / 1e9);
			ratios[r] = fullRates[r] / bareRates[r];
			last = report[0];
		}
		double bare = median(bareRates);
		double full = median(fullRates);
		out.printf(Locale.ROOT, "  bare Jackson tokenizing pass: %,12.0f events/s  (median of %d; runs %s)%n", bare, runs,
				list(bareRates));
		out.printf(Locale.ROOT, "  end-to-end analysis:          %,12.0f events/s  (median of %d; runs %s)%n", full, runs,
				list(fullRates));
		// each run times both passes back to back, so the ratio of a run sees the same machine load
		out.printf(Locale.ROOT, "  ratio end-to-end / bare:      %.2f  (median of the per-run ratios; of the medians: %.2f)%n",
				median(ratios), full / bare);
		out.printf(Locale.ROOT, "  peak heap used: %,.0f MB of %,.0f MB max; %d traces in %d groups, %d problem group(s)%n",
				peakHeap() / 1e6, Runtime.getRuntime().maxMemory() / 1e6, last.traces(), last.groups().size(),
				last.problemGroups().size());
		if (!last.problemGroups().isEmpty()) {
			var g = last.problemGroups().get(0);
			out.printf(Locale.ROOT, "  top edge of the top problem group: %s (%.1f%% of its variance)%n",
					g.edges().get(0).label(), g.edges().get(0).share() * 100);
		}
	}

	/** Only tokenizes: the ceiling any JSON importer has. */
	private static long bare(Path file) throws IOException {
		long tokens = 0;
		try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
			while (p.nextToken() != null) {
				tokens++;
			}
		}
		return tokens;
	}

	private static void endToEnd(Path file, AnalysisReport[] report) throws IOException {
		AnalysisReport r;
		try (ParallelAnalysis analysis = new ParallelAnalysis(AnalysisOptions.DEFAULTS)) {
			new TraceImporter().read(file, TraceSink.of(analysis::accept, analysis::warn));
			r = analysis.report();
		} catch (io.pythia.core.trace.TraceFormatException e) {
			throw new IOException(e.getMessage(), e);
		}
		if (report != null) {
			report[0] = r;
		}
	}

	private void printMachine() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
					.findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
		} catch (IOException e) {
			// not Linux: leave it unknown
		}
		String collectors = String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
				.map(java.lang.management.GarbageCollectorMXBean::getName).toList());
		out.printf(Locale.ROOT, "Machine: %s, %d cores; Java %s (%s); max heap %,.0f MB; collector %s%n", cpu,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
				System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() / 1e6, collectors);
	}

	private static void resetPeaks() {
		System.gc();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			pool.resetPeakUsage();
		}
	}

	/** Sum of the heap pools' peaks: an upper bound of what was live at once (it includes garbage not yet collected). */
	private static long peakHeap() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
				sum += pool.getPeakUsage().getUsed();
			}
		}
		return sum;
	}

	static double median(double[] values) {
		double[] s = values.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static String list(double[] values) {
		List<String> parts = new ArrayList<>();
		for (double v : values) {
			parts.add(String.format(Locale.ROOT, "%.2fM", v / 1e6));
		}
		return String.join(" ", parts);
	}
}
