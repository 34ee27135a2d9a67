// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.OtlpSpans;

/**
 * The workbench's OTLP receiver: agents POST export requests (JSON or protobuf) to /v1/traces, or call OTLP/gRPC's
 * TraceService/Export (see {@link OtlpGrpcReceiver}); spans are
 * gathered by trace id, and a trace is assembled once no span of it has arrived for the completion timeout. A
 * malformed request gets 400 with the reason and costs nothing else.
 */
public final class TraceCollector implements AutoCloseable {

	/** What the collector received so far. */
	public record Counters(long requests, long spans, long rejectedRequests, long traces) {
	}

	private final HttpServer server;
	private final ScheduledExecutorService timer;
	private final long completionNanos;
	private final TraceSink sink;
	private final Interner interner = new Interner();
	private final SpanTraceAssembler assembler;
	private final Map<String, Pending> pending = new LinkedHashMap<>();
	private final AtomicLong requests = new AtomicLong();
	private final AtomicLong spans = new AtomicLong();
	private final AtomicLong rejected = new AtomicLong();
	private final AtomicLong traces = new AtomicLong();

	private final OtlpGrpcReceiver grpc;

	/**
	 * OTLP/HTTP only.
	 *
	 * @param port              loopback port (0: any free port)
	 * @param completionMillis  quiet time after which a trace counts as complete
	 * @param sink              receives assembled traces and warnings, from the collector's timer thread
	 */
	public TraceCollector(int port, long completionMillis, TraceSink sink) throws IOException {
		this(port, -1, completionMillis, sink);
	}

	/**
	 * @param port              OTLP/HTTP loopback port (0: any free port)
	 * @param grpcPort          OTLP/gRPC loopback port (0: any free port; -1: none)
	 * @param completionMillis  quiet time after which a trace counts as complete
	 * @param sink              receives assembled traces and warnings, from the collector's timer thread
	 */
	public TraceCollector(int port, int grpcPort, long completionMillis, TraceSink sink) throws IOException {
		this.completionNanos = completionMillis * 1_000_000;
		this.sink = sink;
		this.assembler = new SpanTraceAssembler("otlp", interner, sink::warning);
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
		server.setExecutor(Executors.newFixedThreadPool(2, daemon("pythia-collector")));
		server.createContext("/", this::handle);
		this.timer = Executors.newSingleThreadScheduledExecutor(daemon("pythia-collector-timer"));
		try {
			this.grpc = grpcPort < 0 ? null : new OtlpGrpcReceiver(grpcPort, this::receiveProtobuf);
		} catch (IOException | RuntimeException e) {
			server.stop(0);
			timer.shutdownNow();
			((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
			throw new IOException("cannot receive OTLP/gRPC on port " + grpcPort + ": " + e.getMessage()
					+ " (a connection file names another with \"otlpGrpcPort\", or -1 for none)", e);
		}
	}

	/** The OTLP/gRPC port, or -1 without a gRPC receiver. */
	public int grpcPort() {
		return grpc == null ? -1 : grpc.port();
	}

	/** One OTLP/gRPC export request: null when its spans were taken, else why it was refused. */
	private String receiveProtobuf(byte[] body) {
		requests.incrementAndGet();
		List<Map.Entry<String, SpanInput>> received = new ArrayList<>();
		try {
			OtlpSpans.readProtobuf("request", body, interner, (t, s) -> received.add(Map.entry(t, s)));
		} catch (TraceFormatException e) {
			rejected.incrementAndGet();
			return e.getMessage();
		}
		take(received);
		return null;
	}

	private void take(List<Map.Entry<String, SpanInput>> received) {
		long now = System.nanoTime();
		synchronized (pending) {
			for (Map.Entry<String, SpanInput> e : received) {
				Pending p = pending.computeIfAbsent(e.getKey(), k -> new Pending());
				p.spans.add(e.getValue());
				p.last = now;
			}
		}
		spans.addAndGet(received.size());
	}

	public TraceCollector start() {
		server.start();
		long tick = Math.max(10, completionNanos / 4_000_000);
		timer.scheduleAtFixedRate(this::completeQuiet, tick, tick, TimeUnit.MILLISECONDS);
		return this;
	}

	public int port() {
		return server.getAddress().getPort();
	}

	public Counters counters() {
		return new Counters(requests.get(), spans.get(), rejected.get(), traces.get());
	}

	private void handle(HttpExchange x) throws IOException {
		try (x) {
			if (!"POST".equals(x.getRequestMethod()) || !"/v1/traces".equals(x.getRequestURI().getPath())) {
				reply(x, 404, "{\"error\":\"POST OTLP export requests to /v1/traces\"}");
				return;
			}
			requests.incrementAndGet();
			byte[] body = x.getRequestBody().readAllBytes();
			String type = String.valueOf(x.getRequestHeaders().getFirst("Content-Type"));
			List<Map.Entry<String, SpanInput>> received = new ArrayList<>();
			try {
				if (type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf")) {
					OtlpSpans.readProtobuf("request", body, interner, (t, s) -> received.add(Map.entry(t, s)));
				} else {
					OtlpSpans.readJson("request", new ByteArrayInputStream(body), interner,
							(t, s) -> received.add(Map.entry(t, s)));
				}
			} catch (TraceFormatException e) {
				rejected.incrementAndGet();
				reply(x, 400, "{\"error\":" + quote(e.getMessage()) + "}");
				return;
			}
			take(received);
			reply(x, 200, "{}");
		}
	}

	/** Assembles the traces that have been quiet for the completion timeout. */
	private void completeQuiet() {
		long now = System.nanoTime();
		List<Map.Entry<String, Pending>> done = new ArrayList<>();
		synchronized (pending) {
			for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext();) {
				Map.Entry<String, Pending> e = it.next();
				if (now - e.getValue().last >= completionNanos) {
					done.add(e);
					it.remove();
				}
			}
		}
		for (Map.Entry<String, Pending> e : done) {
			try {
				sink.trace(assembler.assemble(e.getKey(), e.getValue().spans));
				traces.incrementAndGet();
			} catch (TraceFormatException ex) {
				sink.rejected(e.getKey(), ex.getMessage());
			} catch (RuntimeException ex) {
				sink.warning(new TraceWarning(e.getKey(), "could not be delivered: " + ex));
			}
		}
	}

	/** Assembles every pending trace now (e.g. at the end of a cycle's collection window). */
	public void completeAll() {
		synchronized (pending) {
			for (Pending p : pending.values()) {
				p.last = Long.MIN_VALUE / 2; // as if quiet for ever
			}
		}
		completeQuiet();
	}

	@Override
	public void close() {
		if (grpc != null) {
			grpc.close();
		}
		server.stop(0);
		timer.shutdownNow();
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}

	private static void reply(HttpExchange x, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		x.getResponseHeaders().set("Content-Type", "application/json");
		x.sendResponseHeaders(status, bytes.length);
		try (OutputStream os = x.getResponseBody()) {
			os.write(bytes);
		}
	}

	private static String quote(String s) {
		return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		return r -> {
			Thread t = new Thread(r, name);
			t.setDaemon(true);
			return t;
		};
	}

	private static final class Pending {
		final List<SpanInput> spans = new ArrayList<>();
		long last;
	}
}
