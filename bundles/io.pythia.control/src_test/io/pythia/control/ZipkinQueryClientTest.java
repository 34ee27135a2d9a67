// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;

/**
 * The Zipkin client's failures: a server that is down, and one that fails part way. (The CLI's
 * {@code ZipkinSourceTest} reads from a real Zipkin server.)
 */
class ZipkinQueryClientTest {

	private static final Path TRACES = Path.of("../../../shared/traces/zipkin");
	/** The shared traces are from 2019 and before: a window that reaches back that far. */
	private static final Duration ALL = Duration.ofDays(365L * 30);

	@Test
	void aServerThatIsDownIsAClearError() throws Exception {
		int closed;
		try (ServerSocket s = new ServerSocket(0)) {
			closed = s.getLocalPort();
		}
		IOException e = assertThrows(IOException.class, () -> new ZipkinQueryClient(URI.create("http://127.0.0.1:" + closed),
				Duration.ofSeconds(2)).read(ALL, 10, TraceSink.of(t -> {
				}, w -> {
				})));
		assertTrue(e.getMessage().contains("/api/v2/services") && e.getMessage().contains("cannot reach the Zipkin server"),
				e.getMessage());
	}

	/**
	 * A server that answers one service's query and fails the next: the error names the failing query, and the
	 * traces of the first answer are kept. (A loopback server that answers as Zipkin does, with a real trace.)
	 */
	@Test
	void anErrorPartWayKeepsTheTracesReadBefore() throws Exception {
		byte[] trace = Files.readAllBytes(TRACES.resolve("openzipkin__zipkin__messaging.json"));
		HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		fake.createContext("/api/v2/services", x -> {
			byte[] b = "[\"broker\",\"consumer\"]".getBytes(StandardCharsets.UTF_8);
			x.sendResponseHeaders(200, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		fake.createContext("/api/v2/traces", x -> {
			boolean first = x.getRequestURI().getRawQuery().startsWith("serviceName=broker&");
			ByteArrayOutputStream b = new ByteArrayOutputStream();
			b.write(first ? ("[" + new String(trace, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8)
					: "storage is down".getBytes(StandardCharsets.UTF_8));
			x.sendResponseHeaders(first ? 200 : 500, b.size());
			x.getResponseBody().write(b.toByteArray());
			x.close();
		});
		fake.start();
		try {
			List<Trace> read = new ArrayList<>();
			IOException e = assertThrows(IOException.class,
					() -> new ZipkinQueryClient(URI.create("http://127.0.0.1:" + fake.getAddress().getPort()), Duration.ofSeconds(5))
							.read(ALL, 10, TraceSink.of(read::add, w -> {
							})));
			assertTrue(e.getMessage().contains("serviceName=consumer") && e.getMessage().contains("HTTP 500")
					&& e.getMessage().contains("storage is down"), e.getMessage());
			assertEquals(1, read.size(), "the first service's trace is kept");
		} finally {
			fake.stop(0);
		}
	}
}
