// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pythia.agent.Agent;

/**
 * What the Pythia extension costs a request on the OpenTelemetry SDK the javaagent bundles: one request is a
 * service-entry span with one inner span, on a tracer provider set up as the agent's autoconfigure sets it up
 * (a batch processor in front of the exporter, which discards). {@code mode}:
 * <ul>
 * <li>{@code plain}: the same SDK without the extension, the inner span exported;</li>
 * <li>{@code disabled}: with the extension, the inner span's tracepoint switched off for the request's type;</li>
 * <li>{@code enabled}: with the extension, switched on.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class OtelSpanBenchmark {

	@Param({ "plain", "disabled", "enabled" })
	public String mode;

	private SdkTracerProvider provider;
	private Tracer tracer;
	private Agent control;
	private final Discarding exporter = new Discarding();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		SpanExporter export = exporter;
		var builder = SdkTracerProvider.builder();
		if (mode.equals("plain")) {
			builder.addSpanProcessor(BatchSpanProcessor.builder(export).build());
		} else {
			control = Agent.start(new Agent.Config("shop", null, 0, "127.0.0.1", "benchmark", 1, 1, 1000));
			Switchboard switchboard = new Switchboard(control);
			builder.addSpanProcessor(new SwitchingProcessor(BatchSpanProcessor.builder(new SwitchingExporter(export)).build()));
			builder.addSpanProcessor(switchboard);
			if (mode.equals("enabled")) {
				control.apply("on", 0, List.of(new Agent.Toggle("shop:lookup", "checkout", true)));
			}
		}
		provider = builder.build();
		tracer = provider.get("benchmark");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		provider.shutdown().join(10, TimeUnit.SECONDS);
		System.out.println("\nexported spans: " + exporter.spans.sum());
	}

	@Benchmark
	public void request() {
		Span entry = tracer.spanBuilder("checkout").setSpanKind(SpanKind.SERVER).startSpan();
		try (var scope = entry.makeCurrent()) {
			tracer.spanBuilder("lookup").startSpan().end();
		} finally {
			entry.end();
		}
	}

	/** Counts what reaches it and keeps nothing. */
	static final class Discarding implements SpanExporter {
		final LongAdder spans = new LongAdder();

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			spans.add(batch.size());
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}
	}
}
