// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent.jmh;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.openjdk.jmh.infra.Blackhole;

import io.pythia.agent.Agent;
import io.pythia.agent.Exporter;
import io.pythia.agent.Span;
import io.pythia.agent.Tracepoint;

/**
 * What a tracepoint costs the request path, inside a request of type "create": disabled, enabled for another
 * request type only, and enabled: a span recorded and offered to the export queue, which the agent's exporter
 * thread drains into OTLP/HTTP requests to a {@link DiscardingCollector} on loopback. Issue #5's targets: under 5 ns
 * disabled (for the request's type), under 1 us enabled.
 * <p>
 * Back to back, spans come faster than any exporter ships them, so the queue is full and most offers are refused
 * (the drop path, which is what a saturated agent pays). {@link #enabledInRequestWork} spaces the spans with request
 * work ({@link #requestWork} alone is its baseline) so that the exporter keeps up and every offer is queued; the
 * difference of the two is the cost of a queued span. Each fork prints the exporter's counters at its end, so the
 * share of spans queued and dropped is part of the result.
 * <p>
 * It runs on the agent's request threads ({@link RequestThreadExecutor}), which is what a service's request
 * handlers run on; {@link ForeignThreadBenchmark} measures the same on threads the agent did not make.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Djmh.executor=CUSTOM",
		"-Djmh.executor.class=io.pythia.agent.jmh.RequestThreadExecutor" })
@State(Scope.Thread)
public class TracepointBenchmark {

	/**
	 * Blackhole.consumeCPU tokens of request work between two enabled spans: about 8 us on the 2-core VM, slow
	 * enough for the exporter to ship every span (it ships about 170,000 a second there).
	 */
	@Param("4000")
	public long work;

	private DiscardingCollector collector;
	private Agent agent;
	private Tracepoint disabled;
	private Tracepoint otherType;
	private Tracepoint enabled;
	private Span request;

	@Setup(Level.Trial)
	public void start() throws IOException {
		if (RequestThreadExecutor.onRequestThread() != onRequestThreads()) {
			throw new IllegalStateException(onRequestThreads()
					? "not on a request thread: run with " + String.join(" ", RequestThreadExecutor.JVM_ARGS)
					: "expected one of JMH's own threads");
		}
		collector = new DiscardingCollector();
		// the exporter's defaults (Config.of), with no control endpoint
		agent = Agent.start(new Agent.Config("bench", collector.endpoint(), -1, "127.0.0.1", "unused", 10_000, 512, 200));
		Tracepoint root = agent.tracepoint("request");
		disabled = agent.tracepoint("disabled");
		otherType = agent.tracepoint("other-type");
		enabled = agent.tracepoint("enabled");
		agent.apply(null, 0, List.of(new Agent.Toggle("bench:request", "create", true),
				new Agent.Toggle("bench:enabled", "create", true), new Agent.Toggle("bench:other-type", "delete", true)));
		request = root.begin("create", null); // the benchmark thread is inside a request from here on
	}

	/** Whether this benchmark runs on the agent's request threads. */
	protected boolean onRequestThreads() {
		return true;
	}

	@TearDown(Level.Trial)
	public void stop() {
		request.close();
		agent.close(); // ships what is queued
		Exporter.Counters c = agent.counters();
		long shipped = c.exported() + c.dropped();
		if (c.recorded() > 1) {
			System.out.printf(java.util.Locale.ROOT, "%nexport: %d spans recorded, %.1f%% queued and exported, %.1f%% dropped (queue full), "
					+ "%d requests to the collector, %d failed%n", c.recorded(), 100.0 * c.exported() / c.recorded(),
					100.0 * c.dropped() / c.recorded(), collector.requests(), c.failedBatches());
			if (shipped < c.recorded() - 1) {
				throw new IllegalStateException("spans neither exported nor dropped: " + c);
			}
		}
		collector.close();
	}

	@Benchmark
	public boolean disabled() {
		try (Span s = disabled.enter()) {
			return s.recording();
		}
	}

	@Benchmark
	public boolean enabledForAnotherTypeOnly() {
		try (Span s = otherType.enter()) {
			return s.recording();
		}
	}

	@Benchmark
	public boolean enabled() {
		try (Span s = enabled.enter()) {
			return s.recording();
		}
	}

	@Benchmark
	public void requestWork() {
		Blackhole.consumeCPU(work);
	}

	@Benchmark
	public boolean enabledInRequestWork() {
		Blackhole.consumeCPU(work);
		try (Span s = enabled.enter()) {
			return s.recording();
		}
	}
}
