// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The commands as the start script calls them: help, usage errors and their exit status. */
class MainTest {

	private String out;
	private String err;

	private int pythia(String... args) {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		ByteArrayOutputStream e = new ByteArrayOutputStream();
		int status = Main.run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
				new PrintStream(e, true, StandardCharsets.UTF_8));
		out = o.toString(StandardCharsets.UTF_8);
		err = e.toString(StandardCharsets.UTF_8);
		return status;
	}

	@Test
	void helpListsEveryCommandAndEachCommandHasItsOwn() {
		assertEquals(0, pythia("--help"));
		for (String c : List.of("analyze", "replay", "export", "lab", "investigate", "bench")) {
			assertTrue(out.contains(c), c + " in " + out);
		}
		assertEquals(0, pythia("investigate", "--help"));
		assertTrue(out.contains("--resume=JOURNAL") && out.contains("Exit status"), out);
		assertEquals(0, pythia("--version"));
		assertTrue(out.startsWith("pythia "), out);
		assertEquals(0, pythia("lab", "start", "--help"));
		assertTrue(out.contains("--warm-up=S"), out);
	}

	@Test
	void usageErrorsNameTheCommandAndExitWith2() {
		assertEquals(2, pythia());
		assertTrue(err.contains("which command?"), err);
		assertEquals(2, pythia("frobnicate"));
		assertTrue(err.contains("frobnicate"), err);
		assertEquals(2, pythia("investigate", "--autopilot"));
		assertTrue(err.startsWith("pythia investigate: ") && err.contains("--lab"), err);
		assertEquals(2, pythia("investigate", "--lab", "--connection", "x.json", "--autopilot"));
		assertEquals(2, pythia("investigate", "--lab", "--autopilot", "--window", "0"));
		assertEquals(2, pythia("lab"));
		assertEquals(2, pythia("lab", "start", "--rate", "fast"));
		assertTrue(err.startsWith("pythia lab start: ") && err.contains("fast"), err);
		assertEquals(2, pythia("bench", "nothing"));
		assertEquals(2, pythia("bench", "localize", "slow-disk"));
		assertTrue(err.contains("unknown problem 'slow-disk'") && err.contains("lock-contention"), err);
		assertEquals(2, pythia("replay", "--truth", "a:b"));
		assertTrue(err.contains("CORPUS"), err);
	}
}
