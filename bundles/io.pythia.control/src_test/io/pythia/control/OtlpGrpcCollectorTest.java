// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;

/**
 * OTLP/gRPC in: the OpenTelemetry SDK's own gRPC exporter sends real ExportTraceServiceRequests to the collector,
 * and the traces arrive; a request that is not OTLP gets INVALID_ARGUMENT with the reason, and what came before
 * and after it is kept.
 */
class OtlpGrpcCollectorTest {

	private final List<Trace> traces = Collections.synchronizedList(new ArrayList<>());

	@Test
	void theSdksGrpcExporterDeliversTracesAndAMalformedRequestIsRefusedAlone() throws Exception {
		try (TraceCollector c = new TraceCollector(0, 0, 300, TraceSink.of(traces::add, w -> { })).start()) {
			assertTrue(c.grpcPort() > 0);
			send(c.grpcPort(), "checkout");

			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", c.grpcPort()).usePlaintext().build();
			try {
				StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
						channel, OtlpGrpcReceiver.EXPORT, io.grpc.CallOptions.DEFAULT, "not a protobuf message".getBytes(StandardCharsets.UTF_8)));
				assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.toString());
				assertTrue(refused.getStatus().getDescription() != null && !refused.getStatus().getDescription().isBlank(),
						"the reason goes back: " + refused.getStatus());
			} finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
			send(c.grpcPort(), "browse");

			long deadline = System.currentTimeMillis() + 10_000;
			while (traces.size() < 2 && System.currentTimeMillis() < deadline) {
				Thread.sleep(20);
			}
			assertEquals(2, traces.size(), "both traces arrived around the refused request: " + traces);
			List<String> roots = traces.stream().map(t -> t.tracepoint(t.rootEvent())).sorted().toList();
			assertEquals(List.of("shop:browse", "shop:checkout"), roots);
			for (Trace t : traces) {
				assertTrue(t.size() >= 4, "root and child, each entry and exit: " + t.size());
			}
			assertEquals(1, c.counters().rejectedRequests());
		}
	}

	/** One trace, a root and a child, through the SDK's OTLP/gRPC exporter. */
	private static void send(int port, String root) {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port)
				.setTimeout(10, TimeUnit.SECONDS).build();
		SdkTracerProvider provider = SdkTracerProvider.builder()
				.setResource(Resource.create(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "shop")))
				.addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
		try {
			Tracer tracer = provider.get("test");
			Span span = tracer.spanBuilder(root).setSpanKind(SpanKind.SERVER).startSpan();
			try (Scope s = span.makeCurrent()) {
				tracer.spanBuilder("lookup").startSpan().end();
			} finally {
				span.end();
			}
			assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "the exporter's call succeeded");
		} finally {
			provider.shutdown().join(10, TimeUnit.SECONDS);
		}
	}
}
