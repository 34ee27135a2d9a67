// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.otel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pythia.lab.LabTopology;
import io.pythia.lab.otel.ops.CreateServer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One service of the OTel lab, in its own JVM under the javaagent: {@code OtelLabService NAME PORT LAB_PORT PEERS},
 * PEERS "name=port,...". Jetty serves POST /op/OPERATION, one servlet per operation (the agent names the server
 * span after its route). The problems are switched on a second port, on the JDK's HTTP server, whose
 * instrumentation the lab turns off, so that switching leaves no traces.
 */
public final class OtelLabService {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String name;
	private final Map<String, Integer> peers;
	private final Problems problems;
	private final Store store;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private final ExecutorService fanOut = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "fan-out");
		t.setDaemon(true);
		return t;
	});
	private final AtomicInteger roundRobin = new AtomicInteger();

	OtelLabService(String name, Map<String, Integer> peers) {
		this.name = name;
		this.peers = peers;
		this.problems = new Problems(name);
		this.store = new Store(name);
	}

	public static void main(String[] args) throws Exception {
		String name = args[0];
		int port = Integer.parseInt(args[1]);
		int labPort = Integer.parseInt(args[2]);
		OtelLabService service = new OtelLabService(name, LabTopology.peers(args[3]));

		QueuedThreadPool threads = new QueuedThreadPool(64, 8);
		threads.setDaemon(true);
		Server server = new Server(threads);
		ServerConnector connector = new ServerConnector(server);
		connector.setHost("127.0.0.1");
		connector.setPort(port);
		server.addConnector(connector);
		ServletContextHandler context = new ServletContextHandler();
		for (String op : LabTopology.OPERATIONS.get(name)) {
			context.addServlet(new ServletHolder(op, service.servlet(op)), "/op/" + op);
		}
		server.setHandler(context);
		server.start();

		HttpServer lab = HttpServer.create(new InetSocketAddress("127.0.0.1", labPort), 16);
		lab.createContext("/lab/", service::problems);
		lab.start();
		System.out.println("otel lab service " + name + " on port " + port + ", problems on " + labPort);
		server.join();
	}

	String name() {
		return name;
	}

	Problems problems() {
		return problems;
	}

	Store store() {
		return store;
	}

	ExecutorService fanOut() {
		return fanOut;
	}

	int nextRoundRobin() {
		return roundRobin.getAndIncrement();
	}

	private HttpServlet servlet(String op) throws ReflectiveOperationException {
		var constructor = Class.forName(LabTopology.OTEL_OPERATIONS_PACKAGE + "." + LabTopology.otelClass(op))
				.asSubclass(Operation.class).getConstructor(OtelLabService.class);
		return new HttpServlet() {
			private static final long serialVersionUID = 1L;

			@Override
			protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
				Operation operation;
				try {
					operation = constructor.newInstance(OtelLabService.this);
				} catch (ReflectiveOperationException e) {
					throw new IOException(e);
				}
				operation.run();
				if (operation instanceof CreateServer created) {
					fanOut.submit(created::finishRecord); // notifies after answering: the request does not wait
				}
				response.setContentType("application/json");
				response.getWriter().write("{\"done\":\"" + op + "\"}\n");
			}
		};
	}

	/** A call from execute.work to another service's operation ("service/operation"). */
	void call(String target) {
		String[] parts = target.split("/");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + peers.get(parts[0]) + "/op/" + parts[1]))
				.timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
		try {
			HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
			if (r.statusCode() != 200) {
				throw new IllegalStateException(target + " answered " + r.statusCode());
			}
		} catch (IOException e) {
			throw new IllegalStateException(target + ": " + e, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(target + ": interrupted", e);
		}
	}

	/** GET /lab/problems; POST /lab/problem {"name", "active"}. */
	private void problems(HttpExchange x) throws IOException {
		try (x) {
			String path = x.getRequestURI().getPath();
			if (path.equals("/lab/problems")) {
				reply(x, 200, Map.of("problems", problems.list()));
			} else if (path.equals("/lab/problem") && "POST".equals(x.getRequestMethod())) {
				JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
				String problem = body.path("name").asText();
				if (!problems.set(problem, body.path("active").asBoolean())) {
					reply(x, 404, Map.of("error", "no problem " + problem + " at " + name));
					return;
				}
				reply(x, 200, Map.of("problems", problems.list()));
			} else {
				reply(x, 404, Map.of("error", "unknown path " + path));
			}
		} catch (IOException | RuntimeException e) {
			reply(x, 400, Map.of("error", String.valueOf(e)));
		}
	}

	private static void reply(HttpExchange x, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		x.getResponseHeaders().set("Content-Type", "application/json");
		x.sendResponseHeaders(status, bytes.length);
		try (OutputStream os = x.getResponseBody()) {
			os.write(bytes);
		}
	}
}
