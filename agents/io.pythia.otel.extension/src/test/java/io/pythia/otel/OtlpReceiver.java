// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/** A real OTLP/HTTP protobuf receiver on loopback, decoding with the official proto classes (test code). */
final class OtlpReceiver implements AutoCloseable {

	/** One received span, ids in hex; parent "" for a root. */
	record Received(String service, String name, String traceId, String spanId, String parentId, String kind,
			String baggageType) {
		String tracepoint() {
			return service + ":" + name;
		}
	}

	private final HttpServer server;
	private final List<Received> spans = new ArrayList<>();

	OtlpReceiver() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.createContext("/v1/traces", x -> {
			try (x) {
				ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(x.getRequestBody().readAllBytes());
				List<Received> got = new ArrayList<>();
				for (ResourceSpans rs : request.getResourceSpansList()) {
					String service = service(rs.getResource());
					for (ScopeSpans ss : rs.getScopeSpansList()) {
						for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
							got.add(new Received(service, s.getName(), hex(s.getTraceId().toByteArray()),
									hex(s.getSpanId().toByteArray()), hex(s.getParentSpanId().toByteArray()),
									s.getKind().name(), null));
						}
					}
				}
				synchronized (spans) {
					spans.addAll(got);
					spans.notifyAll();
				}
				x.getResponseHeaders().set("Content-Type", "application/x-protobuf");
				x.sendResponseHeaders(200, -1);
			}
		});
		server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	List<Received> spans() {
		synchronized (spans) {
			return List.copyOf(spans);
		}
	}

	/** Waits until the spans received satisfy {@code done}; returns them either way. */
	List<Received> await(Predicate<List<Received>> done, long millis) throws InterruptedException {
		long end = System.currentTimeMillis() + millis;
		synchronized (spans) {
			while (!done.test(spans) && System.currentTimeMillis() < end) {
				spans.wait(Math.max(1, end - System.currentTimeMillis()));
			}
			return List.copyOf(spans);
		}
	}

	void clear() {
		synchronized (spans) {
			spans.clear();
		}
	}

	private static String service(Resource r) {
		return r.getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
				.map(a -> a.getValue().getStringValue()).findFirst().orElse("?");
	}

	private static String hex(byte[] b) {
		return HexFormat.of().formatHex(b);
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}
}
