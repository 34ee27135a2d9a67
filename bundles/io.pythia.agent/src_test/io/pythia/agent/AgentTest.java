// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpServer;

import io.pythia.agent.internal.JsonCodec;

/** The agent against real HTTP servers on loopback: toggles, authentication, versions, propagation, overflow. */
class AgentTest {

	private static final String TOKEN = "s3cret-token";
	private final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<String> call(Agent agent, String method, String path, String body, String token) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(agent.controlUri().resolve(path));
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String batch(String id, long base, String tracepoint, String type, boolean on) {
		return "{\"batch\":\"" + id + "\",\"baseVersion\":" + base + ",\"toggles\":[{\"tracepoint\":\"" + tracepoint
				+ "\",\"requestType\":\"" + type + "\",\"enabled\":" + on + "}]}";
	}

	@SuppressWarnings("unchecked")
	@Test
	void togglesAreAuthenticatedVersionedAndIdempotent() throws Exception {
		try (Agent agent = Agent.start(Agent.Config.of("storage", null, TOKEN))) {
			agent.tracepoint("write");
			agent.tracepoint("fsync");
			assertTrue(agent.controlUri().getHost().equals("127.0.0.1"), "binds loopback by default");

			for (String token : new String[] { null, "wrong", TOKEN + "x" }) {
				assertEquals(401, call(agent, "GET", "/v1/tracepoints", null, token).statusCode());
				assertEquals(401, call(agent, "POST", "/v1/toggles", batch("b0", 0, "storage:write", "create", true), token).statusCode());
			}
			assertEquals(0, agent.version(), "unauthenticated requests changed nothing");
			assertEquals(List.of(), agent.state().get("storage:write"));

			HttpResponse<String> ok = call(agent, "POST", "/v1/toggles", batch("b1", 0, "storage:write", "create", true), TOKEN);
			assertEquals(200, ok.statusCode(), ok.body());
			assertEquals(1L, ((Map<String, Object>) JsonCodec.parse(ok.body())).get("version"));
			assertTrue(agent.tracepoint("write").enabledFor("create"));

			HttpResponse<String> again = call(agent, "POST", "/v1/toggles", batch("b1", 0, "storage:write", "create", true), TOKEN);
			assertEquals(200, again.statusCode(), "the same batch again is acknowledged: " + again.body());
			assertEquals(1, agent.version(), "and changes nothing");

			HttpResponse<String> stale = call(agent, "POST", "/v1/toggles", batch("b2", 0, "storage:fsync", "create", true), TOKEN);
			assertEquals(409, stale.statusCode());
			assertTrue(stale.body().contains("stale version 0"), stale.body());
			assertTrue(!agent.tracepoint("fsync").enabledFor("create"));

			assertEquals(400, call(agent, "POST", "/v1/toggles", "{\"toggles\": 3", TOKEN).statusCode());
			assertEquals(404, call(agent, "GET", "/v1/nothing", null, TOKEN).statusCode());

			Map<String, Object> list = (Map<String, Object>) JsonCodec.parse(call(agent, "GET", "/v1/tracepoints", null, TOKEN).body());
			assertEquals(1L, list.get("version"));
			assertEquals(List.of(Map.of("id", "storage:fsync", "enabledFor", List.of()),
					Map.of("id", "storage:write", "enabledFor", List.of("create"))), list.get("tracepoints"));
			Map<String, Object> health = (Map<String, Object>) JsonCodec.parse(call(agent, "GET", "/v1/health", null, TOKEN).body());
			assertEquals("ok", health.get("status"));
			assertEquals(2L, health.get("tracepoints"));
		}
	}

	@Test
	void disabledTracepointsRecordNothingAndLeaveTheContext() throws Exception {
		try (Collector collector = new Collector();
				Agent agent = Agent.start(Agent.Config.of("api", collector.endpoint(), TOKEN).withControlPort(-1))) {
			Tracepoint root = agent.tracepoint("create");
			Tracepoint inner = agent.tracepoint("validate");
			agent.apply("1", 0, List.of(new Agent.Toggle("api:create", "create", true), new Agent.Toggle("api:validate", "delete", true)));
			try (Span r = root.begin("create", null)) {
				TraceContext before = TraceContext.current();
				try (Span s = inner.enter()) {
					assertSame(Span.NOOP, s, "enabled only for another request type");
					assertSame(before, TraceContext.current());
				}
			}
			assertNull(TraceContext.current(), "the request's context ends with it");
			agent.flush();
			assertEquals(1, collector.spans().size());
			assertEquals("create", collector.span("create").get("name"));
		}
	}

	@Test
	void exportedSpansKeepEveryFieldAndAwkwardNames() throws Exception {
		String service = "api \"eu\" \u00e9\\1";
		String awkward = "say \"hi\"\n\tback\\slash \u0001 \u00fc\u4e2d";
		try (Collector collector = new Collector();
				Agent agent = Agent.start(Agent.Config.of(service, collector.endpoint(), TOKEN).withControlPort(-1))) {
			agent.apply(null, 0, List.of(new Agent.Toggle(service + ":create", "create", true),
					new Agent.Toggle(service + ":" + awkward, "create", true)));
			String traceId;
			String rootId;
			try (Span r = agent.tracepoint("create").begin("create", null)) {
				traceId = TraceContext.current().traceId();
				rootId = TraceContext.current().spanId();
				try (Span s = agent.tracepoint(awkward).enter()) {
					assertTrue(s.recording());
				}
			}
			agent.flush();
			assertEquals(2, collector.spans().size());
			Map<String, Object> child = collector.span(awkward);
			assertEquals(service, child.get("service"));
			assertEquals(traceId, child.get("traceId"));
			assertEquals(rootId, child.get("parentSpanId"));
			assertEquals(1L, ((Number) child.get("kind")).longValue());
			long start = Long.parseLong((String) child.get("startTimeUnixNano"));
			long end = Long.parseLong((String) child.get("endTimeUnixNano"));
			assertTrue(start > 1_600_000_000L * 1_000_000_000L && end >= start, start + " .. " + end);
			assertEquals("[{key=" + TraceContext.REQUEST_TYPE_KEY + ", value={stringValue=create}}]", child.get("attributes").toString());
			Map<String, Object> root = collector.span("create");
			assertEquals(rootId, root.get("spanId"));
			assertNull(root.get("parentSpanId"), "the root has no parent field");
		}
	}

	/**
	 * front (HTTP server) -> back (HTTP server) -> back's worker thread: one trace, parent links across the HTTP
	 * call (traceparent) and the executor, request type carried along (baggage). On plain threads (the context in a
	 * ThreadLocal) and on the agent's request threads (the context in a field of the thread).
	 */
	@ParameterizedTest(name = "request threads: {0}")
	@ValueSource(booleans = { false, true })
	void contextCrossesHttpCallsAndThreads(boolean requestThreads) throws Exception {
		ExecutorService pool = requestThreads ? Executors.newFixedThreadPool(2, TraceContext.threads("worker", true))
				: Executors.newFixedThreadPool(2);
		ExecutorService handlers = requestThreads ? Executors.newFixedThreadPool(2, TraceContext.threads("handler", true))
				: null;
		try (Collector collector = new Collector();
				Agent front = Agent.start(Agent.Config.of("front", collector.endpoint(), TOKEN).withControlPort(-1));
				Agent back = Agent.start(Agent.Config.of("back", collector.endpoint(), TOKEN).withControlPort(-1))) {
			for (String[] t : new String[][] { { "front", "create" }, { "front", "call-back" }, { "back", "handle" }, { "back", "work" } }) {
				(t[0].equals("front") ? front : back).apply(null, (t[0].equals("front") ? front : back).version(),
						List.of(new Agent.Toggle(t[0] + ":" + t[1], "create", true)));
			}
			HttpServer backServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
			backServer.setExecutor(handlers);
			backServer.createContext("/work", x -> {
				try (x; Span s = back.tracepoint("handle").begin("unknown", TraceContext.extract(x.getRequestHeaders()::getFirst))) {
					pool.submit(TraceContext.wrap(() -> {
						try (Span w = back.tracepoint("work").enter()) {
							assertTrue(w.recording());
						}
					})).get();
					// the worker's context ended with the task: the thread is clean for the next one
					assertNull(pool.submit(TraceContext::current).get());
					x.sendResponseHeaders(204, -1);
				} catch (Exception e) {
					x.sendResponseHeaders(500, -1);
				}
			});
			backServer.start();
			try (Span r = front.tracepoint("create").begin("create", null); Span c = front.tracepoint("call-back").enter()) {
				HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backServer.getAddress().getPort() + "/work"));
				TraceContext.inject(b::header);
				assertEquals(204, http.send(b.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
			}
			backServer.stop(0);
			front.flush();
			back.flush();
			Map<String, Object> create = collector.span("create");
			Map<String, Object> call = collector.span("call-back");
			Map<String, Object> handle = collector.span("handle");
			Map<String, Object> work = collector.span("work");
			String trace = (String) create.get("traceId");
			for (Map<String, Object> s : List.of(call, handle, work)) {
				assertEquals(trace, s.get("traceId"), "one trace: " + s);
			}
			assertNull(create.get("parentSpanId"));
			assertEquals(create.get("spanId"), call.get("parentSpanId"));
			assertEquals(call.get("spanId"), handle.get("parentSpanId"), "across the HTTP call");
			assertEquals(handle.get("spanId"), work.get("parentSpanId"), "across the executor");
			assertEquals("back", work.get("service"));
			assertTrue(JsonCodec.write(work).contains("\"pythia.request_type\",\"value\":{\"stringValue\":\"create\"}"),
					"the request type travelled in the baggage: " + work);
		} finally {
			pool.shutdownNow();
			if (handlers != null) {
				handlers.shutdownNow();
			}
		}
	}

	/**
	 * Request types have one bit each up to 63; beyond, they share one and the tracepoint compares names. Either
	 * way a tracepoint records exactly for the types it is enabled for.
	 */
	@Test
	void manyRequestTypesAreToldApart() throws Exception {
		try (Agent agent = Agent.start(Agent.Config.of("api", null, TOKEN).withControlPort(-1))) {
			Tracepoint root = agent.tracepoint("root");
			Tracepoint inner = agent.tracepoint("inner");
			List<Agent.Toggle> toggles = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				toggles.add(new Agent.Toggle("api:root", "type-" + i, true));
			}
			toggles.add(new Agent.Toggle("api:inner", "type-5", true));
			toggles.add(new Agent.Toggle("api:inner", "type-98", true));
			agent.apply(null, 0, toggles);
			assertEquals(RequestTypes.SHARED, RequestTypes.bit("type-98"), "more than 63 types: the last ones share a bit");
			for (int i = 0; i < 100; i++) {
				try (Span r = root.begin("type-" + i, null); Span s = inner.enter()) {
					assertTrue(r.recording());
					assertEquals(i == 5 || i == 98, s.recording(), "type-" + i);
				}
			}
		}
	}

	@Test
	void aFullQueueDropsAndCountsWithoutBlockingRequests() throws Exception {
		try (Collector collector = new Collector()) {
			collector.hold = new CountDownLatch(1); // the collector hangs: the exporter cannot drain
			try (Agent agent = Agent.start(Agent.Config.of("api", collector.endpoint(), TOKEN).withControlPort(-1).withQueue(10, 5, 10))) {
				Tracepoint tp = agent.tracepoint("op");
				agent.apply(null, 0, List.of(new Agent.Toggle("api:op", "create", true)));
				long t0 = System.nanoTime();
				for (int i = 0; i < 500; i++) {
					try (Span s = tp.begin("create", null)) {
						assertNotNull(s.context());
					}
				}
				long micros = (System.nanoTime() - t0) / 1000;
				Exporter.Counters c = agent.counters();
				assertEquals(500, c.recorded());
				assertTrue(c.dropped() >= 500 - 10 - 5, "dropped " + c.dropped());
				assertTrue(micros < 2_000_000, "500 requests took " + micros + " us: the request path never waits");
				collector.hold.countDown();
			}
		}
	}

	@Test
	void malformedTraceparentIsIgnored() {
		assertNull(TraceContext.extract(h -> h.equals("traceparent") ? "00-xyz-abc-01" : null));
		TraceContext c = TraceContext.extract(h -> switch (h) {
		case "traceparent" -> "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		case "baggage" -> "other=1, pythia.request_type=list%20images";
		default -> null;
		});
		assertEquals("0af7651916cd43dd8448eb211c80319c", c.traceId());
		assertEquals("b7ad6b7169203331", c.spanId());
		assertEquals("list images", c.requestType());
		assertTrue(new String(TraceContext.newId(32).getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).matches("[0-9a-f]{32}"));
	}
}
