// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.ImportResult;

import io.pythia.importers.TraceImporter;
import io.pythia.investigation.TraceAnalysis;

/**
 * The batch analysis as a Flink job: the trace files are dealt out to the job's parallel tasks; each task imports
 * its files (a file's traces are assembled within it, as the local analysis does) and analyses their traces into one
 * accumulator, core's {@link Analysis}; the accumulators come back to the client, which merges them into the report.
 * An accumulator travels as Java-serialized bytes, so Flink needs no type information for it; client and workers run
 * the same build of the core.
 */
public final class FlinkAnalysis {

	private FlinkAnalysis() {
	}

	/** What one task read: its accumulator, and its files' failures (as strings: a Path does not serialize). */
	record Partial(Analysis analysis, int files, List<String> failedFiles, List<String> failures, int rejected)
			implements Serializable {
	}

	/**
	 * Runs the job on an environment (a remote cluster, or a local MiniCluster in tests) and merges what it gives.
	 *
	 * @param files trace files (folders already expanded)
	 */
	public static TraceAnalysis.Result run(StreamExecutionEnvironment env, List<Path> files, AnalysisOptions options)
			throws IOException {
		long start = System.nanoTime();
		env.setRuntimeMode(RuntimeExecutionMode.BATCH);
		List<String> names = files.stream().map(p -> p.toAbsolutePath().toString()).toList();
		DataStream<byte[]> partials = env.fromData(names).rebalance().fullWindowPartition()
				.mapPartition(new AnalyseFiles(options)).name("analyse trace files");
		Analysis merged = new Analysis(options);
		int read = 0;
		int rejected = 0;
		List<ImportResult.FileError> errors = new ArrayList<>();
		try (CloseableIterator<byte[]> it = partials.executeAndCollect("pythia analyze " + names.size() + " file(s)")) {
			while (it.hasNext()) {
				Partial p = decode(it.next());
				merged.merge(p.analysis());
				read += p.files();
				rejected += p.rejected();
				for (int i = 0; i < p.failedFiles().size(); i++) {
					// the tasks read absolute paths (their working folder is not the client's); report the file as named
					Path given = files.get(names.indexOf(p.failedFiles().get(i)));
					errors.add(new ImportResult.FileError(given,
							p.failures().get(i).replace(p.failedFiles().get(i), given.toString())));
				}
			}
		} catch (IOException e) {
			throw e;
		} catch (Exception e) {
			throw new IOException("the Flink job failed: " + JavaBytes.rootMessage(e), e);
		}
		// the local analysis reports failed files in file order
		errors.sort(java.util.Comparator.comparingInt(e -> files.indexOf(e.file())));
		return new TraceAnalysis.Result(merged.report(), new ImportResult(read, List.copyOf(errors)), rejected, Map.of(),
				0, (System.nanoTime() - start) / 1_000_000);
	}

	static byte[] encode(Partial p) {
		return JavaBytes.write(p);
	}

	static Partial decode(byte[] bytes) throws IOException {
		return JavaBytes.read(bytes, Partial.class);
	}

	/** One task's files into one accumulator. */
	static final class AnalyseFiles implements MapPartitionFunction<String, byte[]> {

		private static final long serialVersionUID = 1L;
		private final AnalysisOptions options;

		AnalyseFiles(AnalysisOptions options) {
			this.options = options;
		}

		@Override
		public void mapPartition(Iterable<String> files, Collector<byte[]> out) throws Exception {
			Analysis analysis = new Analysis(options);
			int[] rejected = { 0 };
			TraceSink sink = new TraceSink() {
				@Override
				public void trace(Trace trace) {
					analysis.accept(trace);
				}

				@Override
				public void warning(TraceWarning warning) {
					analysis.warn(warning);
				}

				@Override
				public void rejected(String traceId, String reason) {
					rejected[0]++;
					analysis.warn(new TraceWarning(traceId, reason));
				}
			};
			TraceImporter importer = new TraceImporter();
			int read = 0;
			List<String> failed = new ArrayList<>();
			List<String> failures = new ArrayList<>();
			for (String name : files) {
				Path f = Path.of(name);
				read++;
				try {
					importer.read(f, sink);
				} catch (TraceFormatException e) {
					failed.add(name);
					failures.add(e.getMessage());
				} catch (IOException e) {
					failed.add(name);
					failures.add(f + ": cannot be read: " + e.getMessage());
				}
			}
			out.collect(encode(new Partial(analysis, read, failed, failures, rejected[0])));
		}
	}
}
