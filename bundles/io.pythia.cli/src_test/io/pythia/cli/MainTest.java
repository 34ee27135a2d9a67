// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The commands as the start script calls them: help, usage errors and their exit status. */
class MainTest {

	private final Pythia cli = new Pythia();

	@Test
	void helpListsEveryCommandAndEachCommandHasItsOwn() {
		assertEquals(0, cli.run("--help"));
		for (String c : List.of("analyze", "replay", "export", "lab", "investigate", "bench")) {
			assertTrue(cli.out.contains(c), c + " in " + cli.out);
		}
		assertEquals(0, cli.run("investigate", "--help"));
		assertTrue(cli.out.contains("--resume=JOURNAL") && cli.out.contains("Exit status"), cli.out);
		assertEquals(0, cli.run("--version"));
		assertTrue(cli.out.startsWith("pythia "), cli.out);
		assertEquals(0, cli.run("lab", "start", "--help"));
		assertTrue(cli.out.contains("--warm-up=S"), cli.out);
	}

	@Test
	void usageErrorsNameTheCommandAndExitWith2() {
		assertEquals(2, cli.run());
		assertTrue(cli.err.contains("which command?"), cli.err);
		assertEquals(2, cli.run("frobnicate"));
		assertTrue(cli.err.contains("frobnicate"), cli.err);
		assertEquals(2, cli.run("investigate", "--autopilot"));
		assertTrue(cli.err.startsWith("pythia investigate: ") && cli.err.contains("--lab"), cli.err);
		assertEquals(2, cli.run("investigate", "--lab", "--connection", "x.json", "--autopilot"));
		assertEquals(2, cli.run("investigate", "--lab", "--autopilot", "--window", "0"));
		// the streamed engine: its options without it, a resumed session, a gap of nothing, an engine not here
		assertEquals(2, cli.run("investigate", "--lab", "--jobmanager", "127.0.0.1:8081"));
		assertTrue(cli.err.contains("--engine flink"), cli.err);
		assertEquals(2, cli.run("investigate", "--resume", "pom.xml", "--engine", "flink"));
		assertTrue(cli.err.contains("--lab or --connection"), cli.err);
		assertEquals(2, cli.run("investigate", "--lab", "--engine", "flink", "--session-gap", "0"));
		assertTrue(cli.err.contains("--session-gap"), cli.err);
		assertEquals(2, cli.run("investigate", "--lab", "--engine", "spark"));
		assertTrue(cli.err.contains("no analysis engine 'spark'"), cli.err);
		assertEquals(2, cli.run("lab"));
		assertEquals(2, cli.run("lab", "start", "--rate", "fast"));
		assertTrue(cli.err.startsWith("pythia lab start: ") && cli.err.contains("fast"), cli.err);
		assertEquals(2, cli.run("bench", "nothing"));
		assertEquals(2, cli.run("bench", "localize", "slow-disk"));
		assertTrue(cli.err.contains("unknown problem 'slow-disk'") && cli.err.contains("lock-contention"), cli.err);
		assertEquals(2, cli.run("replay", "--truth", "a:b"));
		assertTrue(cli.err.contains("CORPUS"), cli.err);
	}
}
