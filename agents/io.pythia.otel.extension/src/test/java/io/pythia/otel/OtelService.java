// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A service with no tracing code at all, for the tests under the real OpenTelemetry javaagent: a JDK HTTP server
 * whose /work calls {@link #step} (which calls the next service, if any, with the JDK HTTP client) and
 * {@link #lookup}. The agent instruments the server and the client; the two methods become spans through
 * {@code otel.instrumentation.methods.include}. Arguments: PORT [NEXT_PORT]. Prints "ready" when it listens.
 */
public final class OtelService {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();
	private final int next;

	private OtelService(int next) {
		this.next = next;
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		OtelService service = new OtelService(args.length > 1 ? Integer.parseInt(args[1]) : -1);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/work", service::handle);
		server.start();
		System.out.println("ready");
		System.out.flush();
	}

	private void handle(HttpExchange x) throws IOException {
		try (x) {
			String body;
			try {
				body = step() + lookup();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				body = "interrupted";
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			x.sendResponseHeaders(200, bytes.length);
			x.getResponseBody().write(bytes);
		}
	}

	public String step() throws IOException, InterruptedException {
		if (next < 0) {
			return "done;";
		}
		HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + next + "/work")).build(),
				HttpResponse.BodyHandlers.ofString());
		return r.body();
	}

	public String lookup() {
		return "found;";
	}
}
