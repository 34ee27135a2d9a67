// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.pythia.control.AnalysedWindows;
import io.pythia.core.analysis.AnalysisOptions;

/**
 * Where trace files are analysed when not in this process ({@link TraceAnalysis}): an engine found on the class
 * path, such as the Apache Flink job of {@code io.pythia.flink}. It gives the same result as the local analysis
 * (the report, the files read and failed); it keeps no traces for drawing.
 */
public interface AnalysisEngine {

	/** The name {@code --engine} takes, e.g. "flink". */
	String name();

	/**
	 * @param settings engine settings by name (for Flink: "jobmanager" HOST:PORT, "parallelism")
	 * @throws IOException when the engine cannot be reached or the job fails
	 */
	TraceAnalysis.Result analyze(List<Path> paths, AnalysisOptions options, Map<String, String> settings)
			throws IOException;

	/**
	 * The live loop's windows analysed by this engine: it reads the system's spans from a Kafka topic (otlp_spans,
	 * OTLP protobuf), and each collection window's report comes back from it.
	 *
	 * @param kafka    the broker, HOST:PORT
	 * @param window   a collection window's length
	 * @param gap      a trace is complete once no span of it came for this long
	 * @param settings engine settings by name, as for {@link #analyze}
	 * @throws IOException when the engine cannot be reached or cannot read a stream
	 */
	default AnalysedWindows stream(String kafka, AnalysisOptions options, Duration window, Duration gap,
			Map<String, String> settings) throws IOException {
		throw new IOException("the " + name() + " engine does not analyse a live stream");
	}

	/**
	 * The engine of that name on the class path.
	 *
	 * @throws IllegalArgumentException naming the engines there are
	 */
	static AnalysisEngine named(String name) {
		List<AnalysisEngine> engines = ServiceLoader.load(AnalysisEngine.class).stream().map(ServiceLoader.Provider::get)
				.toList();
		return engines.stream().filter(e -> e.name().equals(name)).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("no analysis engine '" + name + "' here (engines: local"
						+ String.join("", engines.stream().map(e -> ", " + e.name()).toList()) + ")"));
	}
}
