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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.pythia.agent.Agent;
import io.pythia.agent.Span;
import io.pythia.agent.Tracepoint;

/**
 * What a tracepoint costs the request path, inside a request of type "create": disabled, enabled for another
 * request type only, and enabled (a span recorded and handed to the exporter, which is switched off here so the
 * collector's speed does not count). Issue #5's targets: under 5 ns disabled (for the request's type), under 1 us
 * enabled.
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
		agent = Agent.start(new Agent.Config("bench", null, -1, "127.0.0.1", "unused", 1, 1, 1000));
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
		agent.close();
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
}
