// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceWarning;

/**
 * An {@link Analysis} fed from one thread and computed on several: traces are taken in batches, each batch is
 * analysed on a worker into an analysis of its own (critical paths, workflow structures, the groups' sums), and the
 * batches are merged on the feeding thread in arrival order, so the report is the one pass's (see
 * {@link Analysis#merge}): the same groups, representatives and trace order, the moments to rounding. Warnings go
 * straight to the merged analysis. At most a few batches are in flight: the feeder waits for the oldest, which
 * bounds the traces held.
 * <p>
 * Not thread-safe: feed it and ask for the report from one thread. A failure in a batch (a trace the analysis
 * refuses) is thrown from the next call. Close it to end the workers.
 */
public final class ParallelAnalysis implements AutoCloseable {

	/** Traces per batch: enough that a batch's merge costs little beside its analysis. */
	static final int BATCH = 256;

	private final AnalysisOptions options;
	private final Analysis merged;
	private final ExecutorService workers;
	private final int inFlightMax;
	private final ArrayDeque<Future<Analysis>> inFlight = new ArrayDeque<>();
	private List<Trace> batch = new ArrayList<>(BATCH);

	/** @param threads workers; 1 (or fewer) analyses on the feeding thread itself */
	public ParallelAnalysis(AnalysisOptions options, int threads) {
		this.options = options;
		this.merged = new Analysis(options);
		this.workers = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, "pythia analysis worker");
			t.setDaemon(true);
			return t;
		});
		this.inFlightMax = 2 * Math.max(1, threads);
	}

	/** As many workers as the machine has cores. */
	public ParallelAnalysis(AnalysisOptions options) {
		this(options, Runtime.getRuntime().availableProcessors());
	}

	public void accept(Trace trace) {
		if (workers == null) {
			merged.accept(trace);
			return;
		}
		batch.add(trace);
		if (batch.size() >= BATCH) {
			submit();
		}
	}

	public void warn(TraceWarning warning) {
		merged.warn(warning);
	}

	private void submit() {
		List<Trace> traces = batch;
		batch = new ArrayList<>(BATCH);
		inFlight.add(workers.submit(() -> {
			Analysis a = new Analysis(options);
			traces.forEach(a::accept);
			return a;
		}));
		// merge what is done, in order; wait for the oldest when too many are in flight
		while (!inFlight.isEmpty() && (inFlight.size() > inFlightMax || inFlight.peek().isDone())) {
			mergeOldest();
		}
	}

	private void mergeOldest() {
		Future<Analysis> oldest = inFlight.poll();
		try {
			merged.merge(oldest.get());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the analysis waited for its workers", e);
		} catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException r) {
				throw r;
			}
			if (e.getCause() instanceof Error err) {
				throw err;
			}
			throw new IllegalStateException(e.getCause());
		}
	}

	/** Waits for every batch and returns the report of all traces accepted so far. */
	public AnalysisReport report() {
		if (workers != null) {
			if (!batch.isEmpty()) {
				submit();
			}
			while (!inFlight.isEmpty()) {
				mergeOldest();
			}
		}
		return merged.report();
	}

	@Override
	public void close() {
		if (workers != null) {
			workers.shutdownNow();
		}
	}
}
