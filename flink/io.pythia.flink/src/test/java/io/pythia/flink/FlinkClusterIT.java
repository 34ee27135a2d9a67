// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.Progress;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.ReportAgreement;
import io.pythia.investigation.AnalysisEngine;
import io.pythia.investigation.TraceAnalysis;

/**
 * The real local cluster: a JobManager and two TaskManagers in their own JVMs, started from the jars the build laid
 * out; the job sent to it with its jars, as {@code ./pythia analyze --engine flink} does; and nothing left after stop.
 */
class FlinkClusterIT {

	private static final Path SHARED = Path.of(System.getProperty("pythia.shared.traces", "../../../shared/traces"));
	private static final Path LIB = Path.of(System.getProperty("pythia.flink.lib", "target/flink/lib"));

	@Test
	void theClusterAnalysesTheSharedTracesAsTheLocalAnalysisDoesAndStopsWhole(@TempDir Path dir) throws Exception {
		assertTrue(Files.isDirectory(LIB), LIB + " is not laid out (package phase)");
		FlinkCluster cluster = new FlinkCluster(dir);
		String java = ProcessHandle.current().info().command().orElse("java");
		try {
			String address = cluster.start(java, LIB + "/*", Duration.ofSeconds(90));
			assertEquals(3, cluster.live().size(), "a JobManager and two TaskManagers");
			assertEquals(address, cluster.start(java, LIB + "/*", Duration.ofSeconds(90)), "a second start finds it");

			AnalysisEngine flink = AnalysisEngine.named("flink");
			TraceAnalysis.Result remote = flink.analyze(List.of(SHARED), AnalysisOptions.DEFAULTS,
					Map.of("jobmanager", address));
			TraceAnalysis.Result local = TraceAnalysis.ofFiles(List.of(SHARED), AnalysisOptions.DEFAULTS, 0, Progress.NONE);
			assertEquals(List.of(), ReportAgreement.differences(local.report(), remote.report(), false));
			assertEquals(local.imports(), remote.imports(), "the same files read and failed, named as given");
		} finally {
			List<ProcessHandle> were = cluster.live();
			cluster.stop();
			assertFalse(were.stream().anyMatch(ProcessHandle::isAlive), "a Flink process outlived stop");
			assertTrue(cluster.address().isEmpty());
		}
	}
}
