// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.TraceImporter;

/**
 * The Jaeger query API client against a real HTTP server on loopback that answers as Jaeger's query service does,
 * with a real query-API answer from ../shared/traces.
 */
class JaegerQueryClientTest {

	private static final Path ANSWER = Path.of("../../../shared/traces/jaeger/docc-lab__dsb_hd_counter__traces-1695947455229.json");

	private HttpServer server;
	private final List<String> queries = new CopyOnWriteArrayList<>();
	private volatile int status = 200;
	private volatile byte[] tracesBody;

	@BeforeEach
	void start() throws IOException {
		tracesBody = Files.readAllBytes(ANSWER);
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/api/services", x -> {
			byte[] b = "{\"data\":[\"compose-post\",\"text-service\"],\"total\":2}".getBytes(StandardCharsets.UTF_8);
			x.sendResponseHeaders(200, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		server.createContext("/api/traces", x -> {
			queries.add(x.getRequestURI().getRawQuery());
			byte[] b = status == 200 ? tracesBody : "{\"errors\":[{\"code\":500,\"msg\":\"storage down\"}]}".getBytes(StandardCharsets.UTF_8);
			x.sendResponseHeaders(status, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private JaegerQueryClient client() {
		return new JaegerQueryClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
	}

	@Test
	void readsTheTracesJaegerAnswersWithTheImportersRepairs() throws Exception {
		List<Trace> direct = new ArrayList<>();
		List<TraceWarning> directWarnings = new ArrayList<>();
		new TraceImporter().read(ANSWER, TraceSink.of(direct::add, directWarnings::add));
		assertTrue(direct.size() > 1);

		List<Trace> got = new ArrayList<>();
		List<TraceWarning> warnings = new ArrayList<>();
		Instant end = Instant.parse("2026-11-26T10:00:00Z");
		client().traces("compose post", end.minusSeconds(3600), end, 50, TraceSink.of(got::add, warnings::add));
		assertEquals(direct.stream().map(Trace::id).toList(), got.stream().map(Trace::id).toList());
		assertEquals(direct.stream().mapToInt(Trace::size).sum(), got.stream().mapToInt(Trace::size).sum());
		assertEquals(directWarnings.size(), warnings.size(), "the same repairs are reported");
		long endMicros = end.getEpochSecond() * 1_000_000L;
		assertEquals("service=compose+post&start=" + (endMicros - 3_600_000_000L) + "&end=" + endMicros + "&limit=50", queries.get(0));
	}

	@Test
	void recentAsksEveryServiceAndKeepsEachTraceOnce() throws Exception {
		List<TraceWarning> warnings = new ArrayList<>();
		List<Trace> traces = client().recent(Duration.ofMinutes(15), 20, warnings);
		List<Trace> direct = new ArrayList<>();
		new TraceImporter().read(ANSWER, TraceSink.of(direct::add, w -> {
		}));
		assertEquals(2, queries.size(), "one query per service: " + queries);
		assertTrue(direct.size() > 1, "the answer holds several traces");
		assertEquals(direct.stream().map(Trace::id).toList(), traces.stream().map(Trace::id).toList(),
				"every trace of the answer, once, in the order read");
		assertTrue(queries.get(0).startsWith("service=compose-post&") && queries.get(1).startsWith("service=text-service&"), queries.toString());
	}

	@Test
	void errorsNameTheQueryAndWhatWentWrong() {
		status = 500;
		IOException e = assertThrows(IOException.class, () -> client().traces("x", Instant.EPOCH, Instant.now(), 1, TraceSink.of(t -> {
		}, w -> {
		})));
		assertTrue(e.getMessage().contains("/api/traces?service=x") && e.getMessage().contains("HTTP 500")
				&& e.getMessage().contains("storage down"), e.getMessage());
		status = 200;
		tracesBody = "{\"data\":[{\"traceID\":\"ab\",\"spans\":[{".getBytes(StandardCharsets.UTF_8);
		IOException truncated = assertThrows(IOException.class, () -> client().traces("x", Instant.EPOCH, Instant.now(), 1,
				TraceSink.of(t -> {
				}, w -> {
				})));
		assertTrue(truncated.getMessage().contains("/api/traces") && truncated.getMessage().contains("line"), truncated.getMessage());
		server.stop(0);
		IOException down = assertThrows(IOException.class, () -> client().services());
		assertTrue(down.getMessage().contains("cannot reach the Jaeger query service"), down.getMessage());
	}
}
