// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

	private final Pythia cli = new Pythia();

	@Test
	void ingestAssemblesEverySpanOfEachProtocol() {
		assertEquals(0, cli.run("bench", "ingest", "--spans", "8192", "--senders", "2", "--runs", "2"), cli.out + cli.err);
		for (String protocol : List.of("OTLP/HTTP JSON:", "OTLP/HTTP protobuf:", "OTLP/gRPC:")) {
			Matcher m = Pattern.compile(Pattern.quote(protocol) + " +8,192 spans .* ([0-9,]+) spans/s$", Pattern.MULTILINE).matcher(cli.out);
			assertTrue(m.find(), protocol + " in " + cli.out);
			assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, m.group());
		}
	}

	@Test
	void pushIsAppliedOnEveryAgent() {
		assertEquals(0, cli.run("bench", "push", "4", "--pushes", "3"), cli.out + cli.err);
		assertTrue(Pattern.compile("applied on 4 agents in [0-9.]+ ms$", Pattern.MULTILINE).matcher(cli.out).find(), cli.out);
	}

	@Test
	void badArgumentsAreUsageErrors() {
		assertEquals(2, cli.run("bench", "push", "0"));
		assertTrue(cli.err.contains("AGENTS"), cli.err);
		assertEquals(2, cli.run("bench", "ingest", "--spans", "10"));
		assertTrue(cli.err.contains("--spans"), cli.err);
	}
}
