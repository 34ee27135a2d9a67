// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.AttributeEffect;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.analysis.Grouping;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.analysis.WorkflowGraphDot;
import io.pythia.importers.ImportResult;
import io.pythia.investigation.ReportWriter;
import io.pythia.investigation.TraceAnalysis;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pythia analyze [options] PATH...}: reads traces from files and folders (formats mixed), groups the
 * requests, and reports where the response-time variance of problem groups comes from.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 110,
		customSynopsis = { "pythia analyze [options] PATH...", "pythia analyze [options] --jaeger URL [PATH...]",
				"pythia analyze [options] --zipkin URL [PATH...]" },
		description = { "Reads traces from files and folders (any supported format, mixed; folders recursively), "
				+ "rebuilds each request's workflow graph and critical path, groups requests of the same type and path "
				+ "structure, and localizes the response-time variance of problem groups to critical-path edges." },
		exitCodeListHeading = "Exit status:%n",
		exitCodeList = { "0:analysed", "1:nothing analysable was read", "2:bad arguments" })
public final class AnalyzeCommand implements Callable<Integer> {

	@Parameters(paramLabel = "PATH", description = "trace files and folders")
	private List<Path> paths = new ArrayList<>();

	@Option(names = "--json", description = "write the report as one JSON object on standard output")
	private boolean json;

	@Option(names = "--dot", paramLabel = "GROUP",
			description = "write the workflow graph of group GROUP (an id from the report) as Graphviz DOT")
	private String dot;

	@Option(names = "--cv", paramLabel = "X", defaultValue = "0.05",
			description = "coefficient of variation above which a group is a problem (default: ${DEFAULT-VALUE})")
	private double cv;

	@Option(names = "--min-traces", paramLabel = "N", defaultValue = "4",
			description = "traces a problem group needs at least (default: ${DEFAULT-VALUE})")
	private int minTraces;

	@Option(names = "--request-type", paramLabel = "RULE", defaultValue = "root-operation",
			description = "root-operation (default), root-tracepoint, or tag:KEY")
	private String requestType;

	@Option(names = "--grouping", paramLabel = "BY", defaultValue = "workflow", converter = Cli.GroupingName.class,
			description = Cli.GROUPING_HELP)
	private Grouping grouping;

	@Option(names = "--slo", paramLabel = "TYPE=MS", description = Cli.SLO_HELP)
	private java.util.Map<String, Double> slos = new java.util.LinkedHashMap<>();

	@Option(names = "--top", paramLabel = "N", defaultValue = "5",
			description = "edges listed per problem group in the text report (default: ${DEFAULT-VALUE})")
	private int top;

	@Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
			description = "local (default: this process, every core), or flink: a job on the Flink cluster of "
					+ "./pythia flink start, or of --jobmanager")
	private String engine;

	@Option(names = "--jobmanager", paramLabel = "HOST:PORT",
			description = "with --engine flink: the JobManager's REST address of another Flink 2.2 cluster")
	private String jobmanager;

	@Option(names = "--parallelism", paramLabel = "N",
			description = "with --engine flink: parallel tasks of the job (default: the cluster's)")
	private Integer parallelism;

	@Option(names = "--jaeger", paramLabel = "URL",
			description = "also read traces from a Jaeger query service (e.g. http://127.0.0.1:16686): every service's "
					+ "traces of the last --lookback minutes, at most --limit per service")
	private java.net.URI jaeger;

	@Option(names = "--zipkin", paramLabel = "URL",
			description = "also read traces from a Zipkin server (e.g. http://127.0.0.1:9411): every service's traces "
					+ "of the last --lookback minutes, at most --limit per service, each trace once")
	private java.net.URI zipkin;

	@Option(names = "--lookback", paramLabel = "MINUTES", defaultValue = "60", description = "default: ${DEFAULT-VALUE}")
	private double lookbackMinutes;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "default: ${DEFAULT-VALUE}")
	private int limit;

	private final PrintStream out;
	private final PrintStream err;

	public AnalyzeCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** @return the exit status */
	public int run(List<String> args) {
		return Cli.execute(this, out, err, args);
	}

	@Override
	public Integer call() {
		Cli.requireExisting(paths);
		if (minTraces < 1 || top < 1 || limit < 1) {
			throw new IllegalArgumentException("--min-traces, --top and --limit need a whole number of at least 1");
		}
		AnalysisOptions options = AnalysisOptions.DEFAULTS.withCvThreshold(cv).withMinTraces(minTraces)
				.withRequestTypeRule(RequestTypeRule.parse(requestType)).withGrouping(grouping).withSlos(slos);
		if (paths.isEmpty() && jaeger == null && zipkin == null) {
			throw new IllegalArgumentException("no file or folder to analyse");
		}

		if (!"local".equals(engine)) {
			return onEngine(options);
		}
		if (jobmanager != null || parallelism != null) {
			throw new IllegalArgumentException("--jobmanager and --parallelism go with --engine flink");
		}
		TraceAnalysis analysis = new TraceAnalysis(options, 0, ProgressLine.onTerminal(err));
		ImportResult result;
		try {
			result = analysis.readFiles(paths);
		} catch (IOException e) {
			analysis.close();
			err.println("pythia analyze: " + e.getMessage());
			return 2;
		}
		if (jaeger != null) {
			try {
				java.time.Instant end = java.time.Instant.now();
				new io.pythia.control.JaegerQueryClient(jaeger, java.time.Duration.ofSeconds(30)).window(
						end.minusMillis((long) (lookbackMinutes * 60_000)), end, limit, analysis.sink());
			} catch (IOException e) {
				err.println("pythia analyze: " + e.getMessage());
				if (paths.isEmpty()) {
					analysis.close();
					return 1;
				}
			}
		}
		if (zipkin != null) {
			try { // what Zipkin answered before a failure is analysed too
				new io.pythia.control.ZipkinQueryClient(zipkin, java.time.Duration.ofSeconds(30))
						.read(java.time.Duration.ofMillis((long) (lookbackMinutes * 60_000)), limit, analysis.sink());
			} catch (IOException e) {
				err.println("pythia analyze: " + e.getMessage());
			}
		}
		return report(analysis.result(), result);
	}

	/** The analysis as a job of another engine: files only (a Jaeger or Zipkin query is read here). */
	private int onEngine(AnalysisOptions options) {
		if (jaeger != null || zipkin != null) {
			throw new IllegalArgumentException("--engine " + engine + " reads files and folders; --jaeger and --zipkin"
					+ " go with the local engine");
		}
		if (parallelism != null && parallelism < 1) {
			throw new IllegalArgumentException("--parallelism needs a whole number of at least 1");
		}
		io.pythia.investigation.AnalysisEngine on = io.pythia.investigation.AnalysisEngine.named(engine);
		java.util.Map<String, String> settings = new java.util.HashMap<>();
		if (jobmanager != null) {
			settings.put("jobmanager", jobmanager);
		}
		if (parallelism != null) {
			settings.put("parallelism", Integer.toString(parallelism));
		}
		TraceAnalysis.Result analysed;
		try {
			analysed = on.analyze(paths, options, settings);
		} catch (IOException e) {
			err.println("pythia analyze: " + e.getMessage());
			return 1;
		}
		return report(analysed, analysed.imports());
	}

	private int report(TraceAnalysis.Result analysed, ImportResult result) {
		for (ImportResult.FileError e : result.errors()) {
			err.println("pythia analyze: " + e.message());
		}
		AnalysisReport report = analysed.report();
		if (report.traces() == 0) {
			err.println("pythia analyze: nothing analysable: " + result.files() + " file(s) read, no trace in them"
					+ (result.errors().isEmpty() ? "" : " (" + result.errors().size() + " failed)"));
			if (json) {
				ReportWriter.json(analysed, out);
			}
			return 1;
		}
		if (dot != null) {
			var group = report.group(dot);
			if (group.isEmpty()) {
				err.println("pythia analyze: no group " + dot + "; the groups are: "
						+ String.join(", ", report.groups().stream().map(g -> g.group().id()).limit(20).toList()));
				return 2;
			}
			try {
				WorkflowGraphDot.write(group.get(), out);
			} catch (IOException e) {
				err.println("pythia analyze: " + e.getMessage());
				return 1;
			}
			return 0;
		}
		if (json) {
			ReportWriter.json(analysed, out);
		} else {
			printText(report, result, analysed.rejected(), top);
		}
		return 0;
	}

	private void printText(AnalysisReport report, ImportResult result, int rejected, int top) {
		out.printf(Locale.ROOT, "Read %d file(s): %,d traces, %,d events%s%s%n", result.files(), report.traces(),
				report.events(), result.errors().isEmpty() ? "" : "; " + result.errors().size() + " file(s) failed",
				rejected == 0 ? "" : "; " + rejected + " trace(s) rejected");
		if (report.warningCount() > 0) {
			out.printf(Locale.ROOT, "%nWarnings: %,d (repairs made while reading; kinds below)%n", report.warningCount());
			report.warningKinds().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
					.limit(10).forEach(e -> out.printf(Locale.ROOT, "  %5d x %s%n", e.getValue(), e.getKey()));
		}
		List<AnalysisReport.Group> problems = report.problemGroups();
		out.printf(Locale.ROOT, "%n%d request group(s); %d problem group(s) (CV > %s with at least %d traces, and an edge that"
				+ " stands out of the noise; or slow)%n",
				report.groups().size(), problems.size(), trim(report.options().cvThreshold()),
				report.options().minTraces());
		for (AnalysisReport.Group g : problems) {
			var s = g.latency();
			boolean slow = g.reason() == AnalysisReport.Reason.SLOW;
			out.printf(Locale.ROOT, "%n%s group %s  request type \"%s\"  %d traces%n", slow ? "Slow" : "Problem",
					g.group().id(), g.group().requestType(), g.group().count());
			out.printf(Locale.ROOT, "  mean %s  CV %.3f  p50 %s  p90 %s  p99 %s%s%n", ms(s.mean()),
					s.coefficientOfVariation(), ms(s.p50()), ms(s.p90()), ms(s.p99()),
					!slow ? "" : report.options().slosMillis().containsKey(g.group().requestType())
							? String.format(Locale.ROOT, "  (objective %s ms)", trim(report.options().slosMillis().get(g.group().requestType())))
							: "");
			if (slow) {
				out.println("  where its time goes (critical-path edges, share of the mean response time):");
			} else {
				out.println("  where its variance comes from (critical-path edges, share of variance incl. covariances,"
						+ " 95% interval):");
			}
			List<EdgeShare> edges = g.ranked();
			for (int i = 0; i < Math.min(top, edges.size()); i++) {
				EdgeShare e = edges.get(i);
				if (slow) {
					out.printf(Locale.ROOT, "  %2d. %6.1f%%  %s  (mean %s)%n", i + 1, g.weight(e) * 100, e.label(),
							ms(e.meanNanos()));
				} else {
					out.printf(Locale.ROOT, "  %2d. %6.1f%% %-15s %s  (mean %s)%n", i + 1, e.share() * 100, interval(e),
							e.label(), ms(e.meanNanos()));
				}
			}
			if (edges.size() > top) {
				out.printf(Locale.ROOT, "      ... %d more edge(s)%n", edges.size() - top);
			}
			if (!g.attributes().isEmpty()) {
				out.println("  span attributes that go with slower requests (share of the variance explained):");
				for (AttributeEffect a : g.attributes()) {
					out.printf(Locale.ROOT, "      %6.1f%%  %s  %d traces, mean %s vs %s%n", a.varianceExplained() * 100,
							a.describe(), a.traces(), ms(a.meanNanos()),
							Double.isNaN(a.othersMeanNanos()) ? "(all have it)" : ms(a.othersMeanNanos()) + " for the others");
				}
			}
		}
		List<AnalysisReport.Group> others = report.groups().stream().filter(g -> !g.problem()).toList();
		if (!others.isEmpty()) {
			out.printf(Locale.ROOT, "%nOther groups (largest variance first; spread = CV over the threshold, but no edge"
					+ " stands out of the noise; slower-than-its-type = far over its request type's other groups, a problem"
					+ " with --slo):%n");
			others.stream().limit(15).forEach(g -> out.printf(Locale.ROOT, "  %s  %-40s %6d traces  mean %s  CV %.3f  %s%n",
					g.group().id(), quote(g.group().requestType()), g.group().count(), ms(g.latency().mean()),
					g.latency().coefficientOfVariation(), g.reason().label()));
			if (others.size() > 15) {
				out.printf(Locale.ROOT, "  ... %d more%n", others.size() - 15);
			}
		}
	}

	private static String interval(EdgeShare e) {
		return Double.isFinite(e.shareLow())
				? String.format(Locale.ROOT, "[%.1f, %.1f]", e.shareLow() * 100, e.shareHigh() * 100)
				: "[few traces]";
	}

	/** A request type in quotes, cut to fit a 40-character column. */
	static String quote(String s) {
		String q = "\"" + s + "\"";
		return q.length() > 40 ? q.substring(0, 37) + "...\"" : q;
	}

	static String ms(double nanos) {
		return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
	}

	private static String trim(double d) {
		return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
	}
}
