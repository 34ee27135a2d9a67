// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

import io.pythia.agent.internal.JsonCodec;

/** A real OTLP/HTTP endpoint on loopback for tests: keeps every span it receives; can be made to hang. */
final class Collector implements AutoCloseable {

	final List<Map<String, Object>> spans = new ArrayList<>();
	private final HttpServer server;
	volatile CountDownLatch hold;

	@SuppressWarnings("unchecked")
	Collector() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		server.createContext("/v1/traces", x -> {
			try (x) {
				CountDownLatch h = hold;
				if (h != null) {
					h.await();
				}
				Map<String, Object> body = (Map<String, Object>) JsonCodec.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				synchronized (spans) {
					for (Object rs : (List<Object>) body.get("resourceSpans")) {
						Map<String, Object> r = (Map<String, Object>) rs;
						String service = service(r);
						for (Object ss : (List<Object>) r.get("scopeSpans")) {
							for (Object s : (List<Object>) ((Map<String, Object>) ss).get("spans")) {
								Map<String, Object> span = new java.util.LinkedHashMap<>((Map<String, Object>) s);
								span.put("service", service);
								spans.add(span);
							}
						}
					}
				}
				x.sendResponseHeaders(200, -1);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		server.start();
	}

	@SuppressWarnings("unchecked")
	private static String service(Map<String, Object> resourceSpans) {
		for (Object a : (List<Object>) ((Map<String, Object>) resourceSpans.get("resource")).get("attributes")) {
			Map<String, Object> attr = (Map<String, Object>) a;
			if ("service.name".equals(attr.get("key"))) {
				return (String) ((Map<String, Object>) attr.get("value")).get("stringValue");
			}
		}
		return null;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
	}

	List<Map<String, Object>> spans() {
		synchronized (spans) {
			return new ArrayList<>(spans);
		}
	}

	Map<String, Object> span(String name) {
		return spans().stream().filter(s -> name.equals(s.get("name"))).findFirst()
				.orElseThrow(() -> new AssertionError("no span " + name + " in " + spans()));
	}

	@Override
	public void close() {
		CountDownLatch h = hold;
		if (h != null) {
			h.countDown();
		}
		server.stop(0);
	}
}
