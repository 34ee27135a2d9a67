// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The connected system's benchmarks, small: {@code bench ingest} through a real collector on loopback over the three
 * protocols, every span assembled; {@code bench push} to real agents, every toggle applied. The figures themselves
 * are the benchmark's to report, not this test's.
 */
class ConnectedSystemBenchTest {

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
	void ingestAssemblesEverySpanOfEachProtocol() {
		assertEquals(0, pythia("bench", "ingest", "--spans", "8192", "--senders", "2", "--runs", "2"), out + err);
		for (String protocol : List.of("OTLP/HTTP JSON:", "OTLP/HTTP protobuf:", "OTLP/gRPC:")) {
			Matcher m = Pattern.compile(Pattern.quote(protocol) + " +8,192 spans .* ([0-9,]+) spans/s$", Pattern.MULTILINE).matcher(out);
			assertTrue(m.find(), protocol + " in " + out);
			assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, m.group());
		}
	}

	@Test
	void pushIsAppliedOnEveryAgent() {
		assertEquals(0, pythia("bench", "push", "4", "--pushes", "3"), out + err);
		assertTrue(Pattern.compile("applied on 4 agents in [0-9.]+ ms$", Pattern.MULTILINE).matcher(out).find(), out);
	}

	@Test
	void badArgumentsAreUsageErrors() {
		assertEquals(2, pythia("bench", "push", "0"));
		assertTrue(err.contains("AGENTS"), err);
		assertEquals(2, pythia("bench", "ingest", "--spans", "10"));
		assertTrue(err.contains("--spans"), err);
	}
}
