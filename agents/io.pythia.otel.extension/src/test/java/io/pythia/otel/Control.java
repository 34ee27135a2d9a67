// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to a control endpoint as the workbench does, over real HTTP (test code). */
final class Control {

	private static final ObjectMapper JSON = new ObjectMapper();
	private final HttpClient http = HttpClient.newHttpClient();
	private final URI base;
	private final String token;

	Control(int port, String token) {
		this.base = URI.create("http://127.0.0.1:" + port + "/");
		this.token = token;
	}

	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
		}
		return JSON.readTree(r.body());
	}

	long version() throws IOException, InterruptedException {
		return get("v1/tracepoints").path("version").asLong();
	}

	/** Tracepoint id to the request types it reports enabled. */
	Map<String, List<String>> state() throws IOException, InterruptedException {
		Map<String, List<String>> out = new TreeMap<>();
		for (JsonNode tp : get("v1/tracepoints").path("tracepoints")) {
			List<String> types = new ArrayList<>();
			tp.path("enabledFor").forEach(t -> types.add(t.asText()));
			out.put(tp.path("id").asText(), types);
		}
		return out;
	}

	/** POSTs one toggle batch with the given token and base version; returns the HTTP status. */
	int toggle(String withToken, long baseVersion, String tracepoint, String type, boolean enabled)
			throws IOException, InterruptedException {
		String body = JSON.writeValueAsString(Map.of("batch", "b" + System.nanoTime(), "baseVersion", baseVersion, "toggles",
				List.of(Map.of("tracepoint", tracepoint, "requestType", type, "enabled", enabled))));
		HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("v1/toggles")).POST(HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", "application/json");
		if (withToken != null) {
			b.header("Authorization", "Bearer " + withToken);
		}
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}
}
