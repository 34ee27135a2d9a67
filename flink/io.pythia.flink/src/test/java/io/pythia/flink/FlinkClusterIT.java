// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.Progress;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.ReportAgreement;
import io.pythia.investigation.AnalysisEngine;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.investigation.SystemConnection;
import io.pythia.investigation.TraceAnalysis;
import io.pythia.lab.LabController;
import io.pythia.lab.LabTopology;
import io.pythia.search.CycleEngine;

/**
 * The real local cluster: a JobManager and two TaskManagers in their own JVMs, started from the jars the build laid
 * out; the batch job sent to it with its jars, as {@code ./pythia analyze --engine flink} does; a live cycle of the
 * lab through its real Kafka broker and the streaming job, as {@code investigate --lab --engine flink} does; and
 * nothing left after the lab's and the cluster's stop.
 */
class FlinkClusterIT {

	private static final Path SHARED = Path.of(System.getProperty("pythia.shared.traces", "../../../shared/traces"));
	private static final Path LIB = Path.of(System.getProperty("pythia.flink.lib", "target/flink/lib"));
	private static final Path KAFKA_LIB = Path.of(System.getProperty("pythia.kafka.lib", "../../kafka/io.pythia.kafka/target/kafka/lib"));

	@TempDir
	static Path dir;
	private static FlinkCluster cluster;
	private static String address;

	@BeforeAll
	static void startCluster() throws Exception {
		assertTrue(Files.isDirectory(LIB), LIB + " is not laid out (package phase)");
		cluster = new FlinkCluster(dir.resolve("flink"));
		String java = ProcessHandle.current().info().command().orElse("java");
		address = cluster.start(java, LIB + "/*", Duration.ofSeconds(90));
		assertEquals(3, cluster.live().size(), "a JobManager and two TaskManagers");
		assertEquals(address, cluster.start(java, LIB + "/*", Duration.ofSeconds(90)), "a second start finds it");
	}

	@AfterAll
	static void stopCluster() throws Exception {
		List<ProcessHandle> were = cluster.live();
		cluster.stop();
		assertFalse(were.stream().anyMatch(ProcessHandle::isAlive), "a Flink process outlived stop");
		assertTrue(cluster.address().isEmpty());
	}

	@Test
	void theClusterAnalysesTheSharedTracesAsTheLocalAnalysisDoes() throws Exception {
		AnalysisEngine flink = AnalysisEngine.named("flink");
		TraceAnalysis.Result remote = flink.analyze(List.of(SHARED), AnalysisOptions.DEFAULTS, Map.of("jobmanager", address));
		TraceAnalysis.Result local = TraceAnalysis.ofFiles(List.of(SHARED), AnalysisOptions.DEFAULTS, 0, Progress.NONE);
		assertEquals(List.of(), ReportAgreement.differences(local.report(), remote.report(), false));
		assertEquals(local.imports(), remote.imports(), "the same files read and failed, named as given");
	}

	@Test
	void aLiveCycleOfTheLabGoesThroughKafkaAndTheStreamingJob() throws Exception {
		assertTrue(Files.isDirectory(KAFKA_LIB), KAFKA_LIB + " is not laid out (the Kafka module's package phase)");
		LabController lab = new LabController(dir.resolve("lab"), LIB + "/*");
		// warmed up and with the default window: a cold lab's noise or a thin window can leave no problem group
		lab.start(new LabController.StartOptions(30, LabController.StartOptions.DEFAULTS.mix(), 45).kafka(KAFKA_LIB), s -> {
		});
		try {
			lab.inject("slow-replica");
			SystemConnection system = SystemConnection.lab(lab);
			assertNotNull(system.kafka(), "the lab's connection file names its broker");
			InvestigationSettings settings = InvestigationSettings.DEFAULTS;
			List<LiveInvestigation.CycleAnalysis> cycles = new CopyOnWriteArrayList<>();
			LiveInvestigation.Listener listener = new LiveInvestigation.Listener() {
				@Override
				public void analysed(LiveInvestigation.CycleAnalysis a) {
					cycles.add(a);
				}
			};
			try (LiveInvestigation investigation = LiveInvestigation.start(system, settings, List.of(listener),
					AnalysisEngine.named("flink").stream(system.kafka(), settings.analysis(),
							Duration.ofMillis((long) (settings.windowSeconds() * 1000)),
							Duration.ofMillis(500), Map.of("jobmanager", address)))) {
				assertEquals(LabTopology.tracepointCount(), investigation.space().size(),
						"the streamed window with every tracepoint on shows the whole search space");
				investigation.advance(); // one cycle: its window analysed by the job, then proposals
				assertEquals(1, cycles.size());
				LiveInvestigation.CycleAnalysis first = cycles.get(0);
				assertEquals(CycleEngine.Phase.AWAITING_APPROVAL, investigation.snapshot().phase(),
						() -> "stopped: " + investigation.snapshot().stopReason() + "; the window: " + first.report().traces()
								+ " traces, groups " + first.report().groups().stream().map(g -> g.group().requestType() + " "
										+ g.group().count() + " " + g.reason()).toList());
				assertTrue(first.traces().isEmpty(), "no trace came to this process");
				assertTrue(first.report().traces() > 60, "a 6 s window at 30 requests/s: " + first.report().traces());
				assertFalse(first.report().problemGroups().isEmpty(), "slow-replica makes a problem group");
				assertFalse(investigation.snapshot().proposals().isEmpty());
			}
			assertEquals(0, runningJobs(), "closing the investigation cancels its job");
		} finally {
			lab.stop();
		}
		assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("io.pythia.kafka.LabKafka")
				&& p.info().commandLine().orElse("").contains(dir.toString())), "the Kafka process outlived lab stop");
	}

	private static long runningJobs() throws Exception {
		String overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address + "/jobs/overview")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		return overview.split("\"state\"\\s*:\\s*\"RUNNING\"", -1).length - 1L;
	}
}
