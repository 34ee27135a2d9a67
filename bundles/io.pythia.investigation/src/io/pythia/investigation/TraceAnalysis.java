// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.pythia.core.Progress;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.ParallelAnalysis;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.ImportResult;
import io.pythia.importers.TraceImporter;

/**
 * Import and analysis in one pass, the one pipeline of {@code pythia analyze} and the workbench's File &gt; Open:
 * trace files (any format, mixed) and traces from elsewhere (a Jaeger query) go through one sink into the analysis,
 * rejected traces are counted, and traces are kept for the views up to a budget of events. The analysis runs on
 * every core ({@link ParallelAnalysis}); {@link #result} ends its workers, {@link #close} does when there is no
 * result. Progress is per file; a cancel stops the reading with a {@link java.util.concurrent.CancellationException}.
 */
public final class TraceAnalysis implements AutoCloseable {

	/**
	 * What an import and analysis gave.
	 *
	 * @param imports  files read and the files that failed
	 * @param rejected traces that could not be assembled (counted among the report's warnings too)
	 * @param kept     traces kept for drawing, by id
	 * @param dropped  traces analysed but not kept (over the budget)
	 * @param millis   wall time
	 */
	public record Result(AnalysisReport report, ImportResult imports, int rejected, Map<String, Trace> kept,
			long dropped, long millis) {
	}

	private final ParallelAnalysis analysis;
	private final TraceKeeper keeper;
	private final Progress progress;
	private final long start = System.nanoTime();
	private ImportResult imports = new ImportResult(0, List.of());
	private int rejected;
	private long count;

	/**
	 * @param keptEvents events of traces kept for the views (0: none, as the command line needs)
	 */
	public TraceAnalysis(AnalysisOptions options, long keptEvents, Progress progress) {
		this.analysis = new ParallelAnalysis(options);
		this.keeper = new TraceKeeper(keptEvents);
		this.progress = progress;
	}

	/** Imports and analyses trace files and folders. */
	public static Result ofFiles(List<Path> paths, AnalysisOptions options, long keptEvents, Progress progress)
			throws IOException {
		try (TraceAnalysis a = new TraceAnalysis(options, keptEvents, progress)) {
			a.readFiles(paths);
			return a.result();
		}
	}

	/** Reads files and folders into the analysis; a file that fails is reported and the others are still read. */
	public ImportResult readFiles(List<Path> paths) throws IOException {
		ImportResult r = new TraceImporter().readAll(paths, sink(), progress);
		imports = new ImportResult(imports.files() + r.files(),
				java.util.stream.Stream.concat(imports.errors().stream(), r.errors().stream()).toList());
		return r;
	}

	/** Where traces from other sources go. */
	public TraceSink sink() {
		return new TraceSink() {
			@Override
			public void trace(Trace trace) {
				add(trace);
			}

			@Override
			public void warning(TraceWarning warning) {
				analysis.warn(warning);
			}

			@Override
			public void rejected(String traceId, String reason) {
				rejected++;
				analysis.warn(new TraceWarning(traceId, reason));
			}
		};
	}

	private void add(Trace trace) {
		analysis.accept(trace);
		keeper.offer(trace);
		if (++count % 1000 == 0) {
			progress.checkCanceled();
		}
	}

	/** The report of everything read; the analysis's workers end. */
	public Result result() {
		try {
			return new Result(analysis.report(), imports, rejected, keeper.kept(), keeper.dropped(),
					(System.nanoTime() - start) / 1_000_000);
		} finally {
			analysis.close();
		}
	}

	/** Ends the analysis's workers (what {@link #result} does too); calling it again does nothing. */
	@Override
	public void close() {
		analysis.close();
	}
}
