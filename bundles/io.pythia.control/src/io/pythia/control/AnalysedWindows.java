// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.search.SearchSpace;

/**
 * Collection windows analysed where the spans arrive, not in this process: a streaming job reads the system's spans
 * (from Kafka), assembles traces and analyses each window with the investigation's options. A live investigation
 * then takes its cycles' reports from here, and no trace passes through the workbench.
 */
public interface AnalysedWindows extends AutoCloseable {

	/**
	 * One window's analysis.
	 *
	 * @param startMillis     the window holds the traces whose root span started from here (epoch ms)...
	 * @param endMillis       ...to here (exclusive)
	 * @param report          the window's analysis
	 * @param space           what the window's traces show of the search space (for learning it)
	 * @param traces          traces analysed
	 * @param incomplete      traces left out because their root span never arrived
	 * @param rejectedTraces  traces whose spans could not be assembled
	 * @param badMessages     messages of the stream that were not OTLP export requests, or held a span without ids
	 * @param problems        the first few reasons for the bad messages and rejected traces
	 */
	record Window(long startMillis, long endMillis, AnalysisReport report, SearchSpace.Builder space, long traces,
			long incomplete, long rejectedTraces, long badMessages, List<String> problems) {
	}

	/**
	 * The earliest window that starts at or after {@code notBeforeMillis}, once it is analysed; waits for it at most
	 * {@code wait}.
	 *
	 * @return null when it is not there yet
	 * @throws IOException when the stream or the job failed
	 */
	Window poll(long notBeforeMillis, Duration wait) throws IOException;

	/** Where the spans are read from, for messages ("Kafka 127.0.0.1:9092, topic otlp_spans"). */
	String describe();

	/** Ends the job and lets go of the stream. */
	@Override
	void close();
}
