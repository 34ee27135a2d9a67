// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import io.pythia.agent.Agent;
import io.pythia.agent.Exporter;
import io.pythia.agent.Span;
import io.pythia.agent.TraceContext;
import io.pythia.agent.Tracepoint;

/**
 * {@code pythia bench agent}: what a tracepoint costs the request path, disabled and enabled. An enabled span is
 * recorded and offered to the export queue, which the agent's exporter drains into OTLP/HTTP requests to a
 * collector on loopback that reads and discards them. Back to back, spans come faster than the exporter ships them
 * and most offers find the queue full; spaced by request work, every span is queued and shipped, and each span is
 * timed on its own (less what the clock's two reads cost). Medians of several timed rounds after warm-up; the share
 * of spans dropped is printed beside each enabled figure.
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
		HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		collector.createContext("/v1/traces", exchange -> {
			try (exchange; InputStream body = exchange.getRequestBody()) {
				body.transferTo(OutputStream.nullOutputStream());
				exchange.sendResponseHeaders(200, -1);
			}
		});
		collector.start();
		URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
		// the exporter's defaults (Config.of), without a control endpoint
		try (Agent agent = Agent.start(new Agent.Config("bench", endpoint, -1, "127.0.0.1", "unused", 10_000, 512, 200))) {
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
				double[] spaced = new double[rounds];
				for (int w = 0; w < 3; w++) {
					loop(off, 20_000_000, sink);
					loop(other, 20_000_000, sink);
					loop(on, 500_000, sink);
					spaced(on, 20_000, sink);
				}
				for (int r = 0; r < rounds; r++) {
					disabled[r] = loop(off, 100_000_000, sink);
					otherType[r] = loop(other, 100_000_000, sink);
				}
				agent.flush();
				Exporter.Counters before = agent.counters();
				for (int r = 0; r < rounds; r++) {
					enabled[r] = loop(on, 2_000_000, sink);
				}
				agent.flush();
				Exporter.Counters backToBack = agent.counters();
				long exporterCpu = exporterCpuNanos();
				long w0 = System.nanoTime();
				spaced(null, 10_000, sink);
				double workMicros = (System.nanoTime() - w0) / 10_000 / 1000.0;
				for (int r = 0; r < rounds; r++) {
					spaced[r] = spaced(on, SPACED_SPANS, sink) - spaced(null, SPACED_SPANS, sink);
				}
				agent.flush();
				Exporter.Counters after = agent.counters();
				double cpuPerSpan = (exporterCpuNanos() - exporterCpu) / (double) Math.max(1, after.exported() - backToBack.exported());
				out.printf(Locale.ROOT, "  disabled:                      %6.2f ns per call   (rounds: %s)%n", median(disabled), list(disabled));
				out.printf(Locale.ROOT, "  enabled for other types only:  %6.2f ns per call   (rounds: %s)%n", median(otherType), list(otherType));
				out.printf(Locale.ROOT, "  enabled, back to back:         %6.0f ns per call   (rounds: %s; %s)%n", median(enabled),
						list(enabled), dropped(before, backToBack));
				out.printf(Locale.ROOT, "  enabled, queued (spans %.0f us of work apart): %4.0f ns per call   (rounds: %s; %s)%n",
						workMicros, median(spaced), list(spaced), dropped(backToBack, after));
				out.printf(Locale.ROOT, "  the exporter's own CPU (its thread, off the request path): %.2f us per span shipped%n", cpuPerSpan / 1000);
			}
			if (sink[0] == 42) {
				out.println(); // keeps the loop's result alive
			}
		} finally {
			collector.stop(0);
		}
	}

	/** CPU time of the agent's exporter thread so far (it is the only thread it uses to ship spans). */
	private static long exporterCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("pythia-exporter "))
				.mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum();
	}

	/** Spans per round spaced by request work. */
	private static final int SPACED_SPANS = 100_000;

	/**
	 * About 8 us of arithmetic on the 2-core VM: the exporter ships about 170,000 spans a second there, so spans this
	 * far apart are all queued and shipped.
	 */
	private static final int WORK_STEPS = 7_000;

	private static String dropped(Exporter.Counters from, Exporter.Counters to) {
		long recorded = to.recorded() - from.recorded();
		return String.format(Locale.ROOT, "%.1f%% of the spans dropped as the queue was full", 100.0 * (to.dropped() - from.dropped()) / recorded);
	}

	/**
	 * Nanoseconds per span of {@code tp}, each timed on its own between rounds of request work; with a null
	 * {@code tp}, what the two clock reads alone cost.
	 */
	private static double spaced(Tracepoint tp, int n, long[] sink) {
		long x = sink[0];
		long timed = 0;
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < WORK_STEPS; k++) {
				x = x * 6364136223846793005L + k;
			}
			long t0 = System.nanoTime();
			if (tp != null) {
				try (Span s = tp.enter()) {
					if (s.recording()) {
						x++;
					}
				}
			}
			timed += System.nanoTime() - t0;
		}
		sink[0] = x;
		return (double) timed / n;
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
