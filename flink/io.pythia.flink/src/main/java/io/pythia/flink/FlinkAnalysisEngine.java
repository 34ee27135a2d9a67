// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.pythia.control.AnalysedWindows;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.importers.TraceImporter;
import io.pythia.investigation.AnalysisEngine;
import io.pythia.investigation.TraceAnalysis;
import io.pythia.search.SearchSpace;

/**
 * {@code --engine flink}: the analysis as a job on a Flink cluster, the local one of {@code ./pythia flink start}
 * unless the settings name another. The job's jar and what it needs of Pythia go with the job, so any Flink 2.2
 * cluster runs it.
 */
public final class FlinkAnalysisEngine implements AnalysisEngine {

	/** Where {@code ./pythia flink start} says its JobManager's REST endpoint is, as HOST:PORT. */
	public static final String LOCAL_CLUSTER_PROPERTY = "pythia.flink.jobmanager";

	@Override
	public String name() {
		return "flink";
	}

	@Override
	public TraceAnalysis.Result analyze(List<Path> paths, AnalysisOptions options, Map<String, String> settings)
			throws IOException {
		return FlinkAnalysis.run(environment(settings, jobJars()), TraceImporter.expand(paths), options);
	}

	@Override
	public AnalysedWindows stream(String kafka, AnalysisOptions options, Duration window, Duration gap,
			Map<String, String> settings) throws IOException {
		return FlinkLiveWindows.open(environment(settings, streamJars()), kafka, window.toMillis(), gap.toMillis(), options);
	}

	/** The batch job's jars and what the streaming job needs besides: the search layer's, Kafka's connector and client. */
	static String[] streamJars() throws IOException {
		List<String> jars = new ArrayList<>(List.of(jobJars()));
		for (Class<?> c : List.of(FlinkLiveWindows.class, SearchSpace.class, AnalysedWindows.class,
				org.apache.flink.connector.kafka.source.KafkaSource.class,
				org.apache.flink.connector.base.DeliveryGuarantee.class,
				org.apache.kafka.clients.consumer.KafkaConsumer.class)) {
			jars.add(jarOf(c));
		}
		return jars.stream().distinct().toArray(String[]::new);
	}

	/** The cluster of the settings ("jobmanager"), else the local one. */
	static StreamExecutionEnvironment environment(Map<String, String> settings, String[] jars) throws IOException {
		String address = settings.getOrDefault("jobmanager", System.getProperty(LOCAL_CLUSTER_PROPERTY, ""));
		if (address.isBlank()) {
			throw new IOException("no Flink cluster: start the local one with ./pythia flink start, or name one with"
					+ " --jobmanager HOST:PORT");
		}
		int colon = address.lastIndexOf(':');
		int port;
		try {
			port = Integer.parseInt(address.substring(colon + 1));
		} catch (NumberFormatException | StringIndexOutOfBoundsException e) {
			throw new IllegalArgumentException("--jobmanager needs HOST:PORT (the JobManager's REST port), not '" + address + "'");
		}
		String host = colon <= 0 ? "127.0.0.1" : address.substring(0, colon);
		StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(host, port, jars);
		String parallelism = settings.get("parallelism");
		if (parallelism != null) {
			env.setParallelism(Integer.parseInt(parallelism));
		}
		return env;
	}

	/** The jars the job's classes come from: this module's, the core's, the importers' and what they need. */
	static String[] jobJars() throws IOException {
		Set<String> jars = new LinkedHashSet<>();
		for (Class<?> c : List.of(FlinkAnalysis.class, io.pythia.core.analysis.Analysis.class, TraceImporter.class,
				TraceAnalysis.class, com.fasterxml.jackson.core.JsonFactory.class,
				com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.annotation.JsonProperty.class,
				com.google.protobuf.Message.class, io.opentelemetry.proto.trace.v1.Span.class,
				com.datadoghq.sketch.ddsketch.DDSketch.class)) {
			jars.add(jarOf(c));
		}
		return jars.toArray(String[]::new);
	}

	private static String jarOf(Class<?> c) throws IOException {
		try {
			return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		} catch (URISyntaxException | NullPointerException e) {
			throw new IOException("cannot tell which jar holds " + c.getName() + " to send with the job", e);
		}
	}
}
