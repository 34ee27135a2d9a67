// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.Comparison;
import io.pythia.core.analysis.Grouping;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.importers.ImportResult;
import io.pythia.investigation.ReportWriter;
import io.pythia.investigation.TraceAnalysis;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pythia compare BASELINE SELECTION}: what changed between two sets of traces, edge by edge of the critical
 * paths, ranked by how much of the change in response time each explains.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
		usageHelpWidth = 110, customSynopsis = "pythia compare [options] BASELINE SELECTION",
		description = { "Analyses a baseline and a selection of traces (each a file, a folder of any supported formats, "
				+ "mixed, or a Jaeger query service URL) and reports, per request type, which critical-path edges changed "
				+ "in mean time and in share of the variance, most of the change in response time first." },
		exitCodeListHeading = "Exit status:%n",
		exitCodeList = { "0:compared", "1:a side has nothing analysable", "2:bad arguments" })
public final class CompareCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "BASELINE", description = "file, folder or Jaeger URL (http://HOST:16686)")
	private String baseline;

	@Parameters(index = "1", paramLabel = "SELECTION", description = "file, folder or Jaeger URL")
	private String selection;

	@Option(names = "--json", description = "write the comparison as one JSON object on standard output")
	private boolean json;

	@Option(names = "--top", paramLabel = "N", defaultValue = "10",
			description = "changes listed in the text report (default: ${DEFAULT-VALUE})")
	private int top;

	@Option(names = "--request-type", paramLabel = "RULE", defaultValue = "root-operation",
			description = "root-operation (default), root-tracepoint, or tag:KEY")
	private String requestType;

	@Option(names = "--grouping", paramLabel = "BY", defaultValue = "workflow", converter = Cli.GroupingName.class,
			description = Cli.GROUPING_HELP)
	private Grouping grouping;

	@Option(names = "--window", paramLabel = "MINUTES", defaultValue = "60",
			description = "Jaeger: the selection is every service's traces of the last MINUTES (default: ${DEFAULT-VALUE})")
	private double windowMinutes;

	@Option(names = "--baseline-ago", paramLabel = "MINUTES", defaultValue = "1440",
			description = "Jaeger: the baseline is a window as long, this much earlier (default: ${DEFAULT-VALUE}, "
					+ "the same time yesterday)")
	private double baselineAgoMinutes;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
			description = "Jaeger: traces per service and window (default: ${DEFAULT-VALUE})")
	private int limit;

	private final PrintStream out;
	private final PrintStream err;

	public CompareCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** @return the exit status */
	public int run(List<String> args) {
		return Cli.execute(this, out, err, args);
	}

	@Override
	public Integer call() {
		if (top < 1 || limit < 1 || !(windowMinutes > 0) || !(baselineAgoMinutes >= 0)) {
			throw new IllegalArgumentException("--top and --limit need a whole number of at least 1, --window a number of "
					+ "minutes over 0 and --baseline-ago one of at least 0");
		}
		for (String side : List.of(baseline, selection)) {
			if (!isUrl(side)) {
				Cli.requireExisting(List.of(Path.of(side)));
			}
		}
		AnalysisOptions options = AnalysisOptions.DEFAULTS.withRequestTypeRule(RequestTypeRule.parse(requestType))
				.withGrouping(grouping);
		Instant now = Instant.now();
		Duration window = Duration.ofMillis((long) (windowMinutes * 60_000));
		Instant selectionStart = now.minus(window);
		Instant baselineStart = selectionStart.minus(Duration.ofMillis((long) (baselineAgoMinutes * 60_000)));
		AnalysisReport before = read("baseline", baseline, options, baselineStart, baselineStart.plus(window));
		AnalysisReport after = read("selection", selection, options, selectionStart, now);
		if (before == null || after == null) {
			return 1;
		}
		Comparison c = Comparison.of(before, after);
		if (json) {
			ReportWriter.json(c, out);
		} else {
			printText(c);
		}
		return 0;
	}

	private static boolean isUrl(String side) {
		String s = side.toLowerCase(Locale.ROOT);
		return s.startsWith("http://") || s.startsWith("https://");
	}

	/** One side's analysis; null (said on standard error) when it has no trace. */
	private AnalysisReport read(String role, String side, AnalysisOptions options, Instant start, Instant end) {
		try (TraceAnalysis analysis = new TraceAnalysis(options, 0, ProgressLine.onTerminal(err))) {
			return read(role, side, analysis, start, end);
		}
	}

	private AnalysisReport read(String role, String side, TraceAnalysis analysis, Instant start, Instant end) {
		try {
			if (isUrl(side)) {
				new io.pythia.control.JaegerQueryClient(URI.create(side), Duration.ofSeconds(30)).window(start, end, limit,
						analysis.sink());
			} else {
				ImportResult result = analysis.readFiles(List.of(Path.of(side)));
				for (ImportResult.FileError e : result.errors()) {
					err.println("pythia compare: " + e.message());
				}
			}
		} catch (IOException | IllegalArgumentException e) {
			err.println("pythia compare: " + role + " " + side + ": " + e.getMessage());
			return null;
		}
		AnalysisReport report = analysis.result().report();
		if (report.traces() == 0) {
			err.println("pythia compare: the " + role + " (" + side + ") has no trace to compare");
			return null;
		}
		return report;
	}

	private void printText(Comparison c) {
		out.printf(Locale.ROOT, "Baseline: %,d traces; selection: %,d traces%n", c.baselineTraces(), c.selectionTraces());
		out.printf(Locale.ROOT, "%nRequest types (traces and mean response time, baseline -> selection):%n");
		for (Comparison.TypeChange t : c.requestTypes()) {
			String means = t.baselineTraces() == 0 ? "new in the selection, mean " + AnalyzeCommand.ms(t.selectionMeanNanos())
					: t.selectionTraces() == 0 ? "gone from the selection, mean " + AnalyzeCommand.ms(t.baselineMeanNanos())
							: String.format(Locale.ROOT, "%s -> %s (%s)", AnalyzeCommand.ms(t.baselineMeanNanos()),
									AnalyzeCommand.ms(t.selectionMeanNanos()), signed(t.deltaNanos()));
			out.printf(Locale.ROOT, "  %-40s %6d -> %-6d %s%n", AnalyzeCommand.quote(t.requestType()), t.baselineTraces(),
					t.selectionTraces(), means);
		}
		long significant = c.changes().stream().filter(Comparison.Change::significant).count();
		out.printf(Locale.ROOT, "%n%d edge change(s), %d significant (*); most of the change in response time first,"
				+ " with 95%% intervals:%n", c.changes().size(), significant);
		for (int i = 0; i < Math.min(top, c.changes().size()); i++) {
			Comparison.Change ch = c.changes().get(i);
			out.printf(Locale.ROOT, "  %2d. %s %s [%s, %s]  %s  %s%n", i + 1, ch.significant() ? "*" : " ",
					signed(ch.deltaNanos()), signedNumber(ch.deltaLowNanos()), signedNumber(ch.deltaHighNanos()),
					AnalyzeCommand.quote(ch.requestType()), ch.label());
			out.printf(Locale.ROOT, "        mean %s -> %s%s; share of the variance %.1f%% -> %.1f%%%n",
					AnalyzeCommand.ms(ch.baselineMeanNanos()), AnalyzeCommand.ms(ch.selectionMeanNanos()),
					Double.isNaN(ch.explains()) ? ""
							: String.format(Locale.ROOT, ", %.1f%% of its type's change", ch.explains() * 100),
					ch.baselineShare() * 100, ch.selectionShare() * 100);
		}
		if (c.changes().size() > top) {
			out.printf(Locale.ROOT, "      ... %d more (--top N, or --json)%n", c.changes().size() - top);
		}
	}

	private static String signed(double nanos) {
		return signedNumber(nanos) + " ms";
	}

	private static String signedNumber(double nanos) {
		return String.format(Locale.ROOT, "%+.3f", nanos / 1e6);
	}
}
