// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab as real processes: start its eight services and the workload, inject a problem, run the investigation on
 * autopilot until it localizes the problem, stop everything and check that no process is left. Part of every test
 * run (about a minute and a half); the README gives the figures per problem.
 */
class LabEndToEndTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	/**
	 * Localized at the injected tracepoint or its direct parent, within issue #5's bounds: at most 5 cycles and 15%
	 * of the tracepoints enabled.
	 */
	private static boolean localizedTheCause(Map<String, Object> r) {
		return "localized".equals(r.get("stop"))
				&& List.of("storage-2:write.execute.work", "storage-2:write.execute").contains(r.get("localizedTracepoint"))
				&& (Long) r.get("cycles") <= 5 && ((Number) r.get("enabledFraction")).doubleValue() <= 0.15;
	}

	private LabCommand lab() {
		out.reset();
		err.reset();
		return new LabCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir);
	}

	@SuppressWarnings("unchecked")
	@Test
	@Timeout(900)
	void localizesAnInjectedProblemInTheRunningLab() throws Exception {
		List<Long> pids = new ArrayList<>();
		try {
			assertEquals(0, lab().run(List.of("start")), err.toString(StandardCharsets.UTF_8));
			assertEquals(0, lab().run(List.of("status", "--json")), err.toString(StandardCharsets.UTF_8));
			Map<String, Object> status = (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
			List<Map<String, Object>> services = (List<Map<String, Object>>) status.get("services");
			assertEquals(8, services.size());
			services.forEach(s -> pids.add((Long) s.get("pid")));
			assertTrue((Long) status.get("tracepoints") >= 150, status.toString());
			assertEquals(21L, status.get("enabled"), "the skeleton only: every operation's entry");
			assertEquals(5, ((List<Object>) status.get("problems")).size());
			pids.add(((Number) lab().read().get("workloadPid")).longValue());

			assertEquals(0, lab().run(List.of("inject", "slow-replica")));
			// a live system on a 2-core machine is noisy: on a warm lab every run seen took 3 cycles by hand and 4
			// under the test run's load, but nothing bounds the noise; another investigation may follow a failed
			// one, and the test holds if one of three localizes the cause within the bounds; every attempt is printed
			Map<String, Object> r = null;
			for (int attempt = 1; attempt <= 3; attempt++) {
				ByteArrayOutputStream result = new ByteArrayOutputStream();
				int code = new InvestigateCommand(new PrintStream(result, true, StandardCharsets.UTF_8),
						new PrintStream(err, true, StandardCharsets.UTF_8), dir)
						.run(List.of("--lab", "--autopilot", "--json", "--max-cycles", "5"));
				assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
				r = (Map<String, Object>) Json.parse(result.toString(StandardCharsets.UTF_8));
				System.out.println("lab end to end, attempt " + attempt + ": " + r);
				if (localizedTheCause(r)) {
					break;
				}
			}
			assertTrue(localizedTheCause(r), "no investigation localized the injected problem: " + r);
		} finally {
			lab().run(List.of("stop"));
		}
		Thread.sleep(500);
		for (long pid : pids) {
			assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is left over");
		}
	}
}
