// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.pythia.agent.Agent;
import io.pythia.agent.Span;
import io.pythia.agent.TraceContext;
import io.pythia.agent.Tracepoint;

/**
 * {@code pythia bench agent}: what a tracepoint costs the request path, disabled and enabled (recording a span,
 * export switched off so the collector's speed does not count). Medians of several timed rounds after warm-up.
 */
final class AgentBench {

	private final PrintStream out;

	AgentBench(PrintStream out) {
		this.out = out;
	}

	int run(int rounds) throws IOException {
		out.printf(Locale.ROOT, "Tracepoint cost on the request path (%d rounds, median; %s)%n", rounds,
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		// the agent's request threads keep the request's context in a field; any other thread in a ThreadLocal
		ExecutorService requestThread = Executors.newSingleThreadExecutor(TraceContext.threads("bench", true));
		try {
			out.println("on the agent's request threads (what a service's request handlers run on):");
			requestThread.submit(() -> {
				measure(rounds);
				return null;
			}).get();
		} catch (ExecutionException e) {
			throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		} finally {
			requestThread.shutdown();
		}
		out.println("on other threads:");
		measure(rounds);
		return 0;
	}

	private void measure(int rounds) throws IOException {
		try (Agent agent = Agent.start(new Agent.Config("bench", null, -1, "127.0.0.1", "unused", 1, 1, 1000))) {
			Tracepoint root = agent.tracepoint("request");
			Tracepoint off = agent.tracepoint("disabled");
			Tracepoint other = agent.tracepoint("other-type");
			Tracepoint on = agent.tracepoint("enabled");
			agent.apply(null, 0, List.of(new Agent.Toggle("bench:request", "create", true),
					new Agent.Toggle("bench:enabled", "create", true), new Agent.Toggle("bench:other-type", "delete", true)));
			long[] sink = new long[1];
			try (Span request = root.begin("create", null)) {
				double[] disabled = new double[rounds];
				double[] otherType = new double[rounds];
				double[] enabled = new double[rounds];
				for (int w = 0; w < 3; w++) {
					loop(off, 20_000_000, sink);
					loop(other, 20_000_000, sink);
					loop(on, 500_000, sink);
				}
				for (int r = 0; r < rounds; r++) {
					disabled[r] = loop(off, 100_000_000, sink);
					otherType[r] = loop(other, 100_000_000, sink);
					enabled[r] = loop(on, 2_000_000, sink);
				}
				out.printf(Locale.ROOT, "  disabled:                      %6.2f ns per call   (rounds: %s)%n", median(disabled), list(disabled));
				out.printf(Locale.ROOT, "  enabled for other types only:  %6.2f ns per call   (rounds: %s)%n", median(otherType), list(otherType));
				out.printf(Locale.ROOT, "  enabled:                       %6.0f ns per call   (rounds: %s; a span recorded and handed to the exporter)%n",
						median(enabled), list(enabled));
			}
			if (sink[0] == 42) {
				out.println(); // keeps the loop's result alive
			}
		}
	}

	/** Nanoseconds per enter/close pair. */
	private static double loop(Tracepoint tp, int n, long[] sink) {
		long count = 0;
		long t0 = System.nanoTime();
		for (int i = 0; i < n; i++) {
			try (Span s = tp.enter()) {
				if (s.recording()) {
					count++;
				}
			}
		}
		long elapsed = System.nanoTime() - t0;
		sink[0] += count;
		return (double) elapsed / n;
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static String list(double[] v) {
		StringBuilder sb = new StringBuilder();
		for (double d : v) {
			sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", d));
		}
		return sb.toString();
	}
}
