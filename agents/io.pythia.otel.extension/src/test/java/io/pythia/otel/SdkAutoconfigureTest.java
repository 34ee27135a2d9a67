// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * A plain OpenTelemetry SDK service, no javaagent: the extension comes in through SDK autoconfigure (its service
 * file on the class path), exports over real OTLP/HTTP to a receiver on loopback, and is switched through its
 * real control endpoint while the service runs.
 */
class SdkAutoconfigureTest {

	private static final String TOKEN = "sdk-secret";

	@Test
	void spansAreSwitchedPerTracepointAndRequestTypeAtRuntimeAndStayConnected() throws Exception {
		int port = Control.freePort();
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().disableShutdownHook()
					.addPropertiesSupplier(() -> Map.of("otel.service.name", "shop", "otel.traces.exporter", "otlp",
							"otel.exporter.otlp.protocol", "http/protobuf", "otel.exporter.otlp.endpoint", receiver.endpoint(),
							"otel.bsp.schedule.delay", "50", "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
							"pythia.control.token", TOKEN, "pythia.control.port", String.valueOf(port)))
					.build().getOpenTelemetrySdk();
			try {
				Control control = new Control(port, TOKEN);
				Tracer tracer = sdk.getTracer("test");

				request(sdk, tracer, "checkout", null);
				List<OtlpReceiver.Received> first = receiver.await(s -> s.size() >= 1, 5_000);
				sdk.getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
				first = receiver.spans();
				assertEquals(List.of("shop:checkout"), first.stream().map(OtlpReceiver.Received::tracepoint).toList(),
						"the skeleton only: the entry is exported, its inner spans are off");
				Map<String, List<String>> state = control.state();
				assertEquals(List.of("checkout"), state.get("shop:checkout"), "the entry reports the type it runs for: " + state);
				assertEquals(List.of(), state.get("shop:db.query"), "an inner span seen is listed, off: " + state);
				assertEquals(List.of(), state.get("shop:index.lookup"), state.toString());

				long v = control.version();
				assertEquals(401, control.toggle(null, v, "shop:index.lookup", "checkout", true), "no token");
				assertEquals(401, control.toggle("wrong", v, "shop:index.lookup", "checkout", true), "a wrong token");
				assertEquals(409, control.toggle(TOKEN, v + 7, "shop:index.lookup", "checkout", true), "a stale version");
				assertEquals(List.of(), control.state().get("shop:index.lookup"), "refused toggles change nothing");
				assertEquals(200, control.toggle(TOKEN, v, "shop:index.lookup", "checkout", true));

				receiver.clear();
				request(sdk, tracer, "checkout", null);
				request(sdk, tracer, "checkout", "browse"); // its type comes in the baggage
				sdk.getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
				List<OtlpReceiver.Received> second = receiver.await(s -> s.size() >= 3, 5_000);
				Map<String, List<String>> byTrace = second.stream().collect(Collectors.groupingBy(OtlpReceiver.Received::traceId,
						Collectors.mapping(OtlpReceiver.Received::name, Collectors.toList())));
				assertEquals(Set.of(List.of("index.lookup", "checkout"), List.of("checkout")), Set.copyOf(byTrace.values()),
						"enabled for checkout only, without a restart: " + second);
				OtlpReceiver.Received lookup = second.stream().filter(s -> s.name().equals("index.lookup")).findFirst().orElseThrow();
				OtlpReceiver.Received root = second.stream()
						.filter(s -> s.traceId().equals(lookup.traceId()) && s.name().equals("checkout")).findFirst().orElseThrow();
				assertEquals(root.spanId(), lookup.parentId(), "the disabled db.query between them is contracted");
				assertConnected(second);
				assertEquals(List.of("browse", "checkout"), control.state().get("shop:checkout").stream().sorted().toList());
				assertFalse(control.state().get("shop:index.lookup").contains("browse"));
			} finally {
				sdk.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
			}
			assertTrue(freed(port), "the control endpoint closes with the SDK");
		}
	}

	/** A request: an entry span named after its type, a step, and a lookup inside the step. */
	private static void request(OpenTelemetry otel, Tracer tracer, String entry, String baggageType) {
		Context parent = Context.root();
		if (baggageType != null) {
			parent = parent.with(Baggage.builder().put(Switchboard.TYPE_KEY, baggageType).build());
		}
		Span root = tracer.spanBuilder(entry).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
		try (Scope r = root.makeCurrent()) {
			Span step = tracer.spanBuilder("db.query").startSpan();
			try (Scope s = step.makeCurrent()) {
				tracer.spanBuilder("index.lookup").startSpan().end();
			} finally {
				step.end();
			}
		} finally {
			root.end();
		}
	}

	static void assertConnected(List<OtlpReceiver.Received> spans) {
		Set<String> ids = spans.stream().map(OtlpReceiver.Received::spanId).collect(Collectors.toSet());
		for (OtlpReceiver.Received s : spans) {
			assertTrue(s.parentId().isEmpty() || ids.contains(s.parentId()), "an orphan: " + s + " in " + spans);
		}
	}

	private static boolean freed(int port) {
		try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
			return true;
		} catch (java.io.IOException e) {
			return false;
		}
	}
}
