// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pythia.agent.internal.JsonCodec;

/**
 * The agent's control endpoint (HTTP JSON, bearer token, loopback by default):
 * GET /v1/tracepoints, POST /v1/toggles, GET /v1/health. A request without the right token gets 401 and changes
 * nothing.
 */
final class ControlServer {

	private static final int MAX_BODY = 4 << 20;

	private final Agent agent;
	private final byte[] token;
	private final HttpServer server;

	ControlServer(Agent agent, InetSocketAddress address, String token) throws IOException {
		if (token == null || token.isEmpty()) {
			throw new IllegalArgumentException("the control endpoint needs a token");
		}
		this.agent = agent;
		this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
		this.server = HttpServer.create(address, 16);
		server.setExecutor(Executors.newFixedThreadPool(2, r -> {
			Thread t = new Thread(r, "pythia-control " + agent.service());
			t.setDaemon(true);
			return t;
		}));
		server.createContext("/", this::handle);
	}

	void start() {
		server.start();
	}

	void stop() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}

	URI uri() {
		InetSocketAddress a = server.getAddress();
		return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
	}

	private void handle(HttpExchange x) throws IOException {
		try (x) {
			if (!authorized(x.getRequestHeaders().getFirst("Authorization"))) {
				x.getResponseHeaders().add("WWW-Authenticate", "Bearer");
				reply(x, 401, Map.of("error", "a valid bearer token is required"));
				return;
			}
			String path = x.getRequestURI().getPath();
			String method = x.getRequestMethod();
			if ("GET".equals(method) && "/v1/tracepoints".equals(path)) {
				List<Object> list = new ArrayList<>();
				agent.state().forEach((id, types) -> list.add(Map.of("id", id, "enabledFor", types)));
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("service", agent.service());
				body.put("version", agent.version());
				body.put("tracepoints", list);
				reply(x, 200, body);
			} else if ("GET".equals(method) && "/v1/health".equals(path)) {
				Exporter.Counters c = agent.counters();
				Map<String, Object> counters = new LinkedHashMap<>();
				counters.put("recorded", c.recorded());
				counters.put("exported", c.exported());
				counters.put("dropped", c.dropped());
				counters.put("failedBatches", c.failedBatches());
				counters.put("lastError", c.lastError());
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("status", "ok");
				body.put("service", agent.service());
				body.put("version", agent.version());
				body.put("tracepoints", (long) agent.tracepoints().size());
				body.put("counters", counters);
				reply(x, 200, body);
			} else if ("POST".equals(method) && "/v1/toggles".equals(path)) {
				toggles(x);
			} else {
				reply(x, 404, Map.of("error", method + " " + path + " is not an endpoint of this agent"));
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void toggles(HttpExchange x) throws IOException {
		Map<String, Object> body;
		List<Agent.Toggle> toggles = new ArrayList<>();
		long base;
		String batch;
		try {
			Object parsed = JsonCodec.parse(read(x.getRequestBody()));
			body = (Map<String, Object>) parsed;
			base = ((Number) body.get("baseVersion")).longValue();
			batch = (String) body.get("batch");
			for (Object o : (List<Object>) body.get("toggles")) {
				Map<String, Object> t = (Map<String, Object>) o;
				toggles.add(new Agent.Toggle((String) t.get("tracepoint"), (String) t.get("requestType"),
						Boolean.TRUE.equals(t.get("enabled"))));
			}
		} catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
			reply(x, 400, Map.of("error", "expected {\"batch\", \"baseVersion\", \"toggles\": [{\"tracepoint\", \"requestType\", "
					+ "\"enabled\"}]}: " + e.getMessage()));
			return;
		}
		Agent.ToggleResult r = agent.apply(batch, base, toggles);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("applied", r.applied());
		out.put("version", r.version());
		out.put("message", r.message());
		reply(x, r.applied() ? 200 : 409, out);
	}

	/** Constant-time comparison, so the time to refuse says nothing about the token. */
	private boolean authorized(String header) {
		return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token);
	}

	private static String read(InputStream in) throws IOException {
		byte[] bytes = in.readNBytes(MAX_BODY + 1);
		if (bytes.length > MAX_BODY) {
			throw new IllegalArgumentException("body larger than " + MAX_BODY + " bytes");
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static void reply(HttpExchange x, int status, Map<String, Object> body) throws IOException {
		byte[] bytes = (JsonCodec.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
		x.getResponseHeaders().set("Content-Type", "application/json");
		x.sendResponseHeaders(status, bytes.length);
		try (OutputStream os = x.getResponseBody()) {
			os.write(bytes);
		}
	}
}
