// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.pythia.agent.internal.JsonCodec;

/**
 * Ships finished spans as OTLP/HTTP JSON from a thread of its own. Requests never wait for it: the queue is bounded,
 * and a span that finds it full is dropped and counted.
 */
public final class Exporter {

	/** What happened to recorded spans so far. */
	public record Counters(long recorded, long exported, long dropped, long failedBatches, String lastError) {
	}

	private final Agent.Config config;
	private final BlockingQueue<SpanRecord> queue;
	private final AtomicLong recorded = new AtomicLong();
	private final AtomicLong exported = new AtomicLong();
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong failed = new AtomicLong();
	private final AtomicLong inFlight = new AtomicLong();
	private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private volatile String lastError;
	private volatile boolean running;
	private Thread thread;

	Exporter(Agent.Config config) {
		this.config = config;
		this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity()));
	}

	void start() {
		running = true;
		// plain Thread API: the OpenTelemetry extension compiles this for services on Java 17
		Thread t = new Thread(this::loop, "pythia-exporter " + config.service());
		t.setDaemon(true);
		t.start();
		thread = t;
	}

	void offer(SpanRecord span) {
		recorded.incrementAndGet();
		if (config.exportEndpoint() == null && config.zipkinEndpoint() == null) {
			return;
		}
		if (!queue.offer(span)) {
			dropped.incrementAndGet();
		}
	}

	public Counters counters() {
		return new Counters(recorded.get(), exported.get(), dropped.get(), failed.get(), lastError);
	}

	/**
	 * Drains the queue without ever waiting on it: a consumer blocked in {@code poll} has to be woken by the request
	 * thread that offers next, a system call that cost each enabled span about 3 us on the request path. When the
	 * queue is empty the exporter sleeps instead, from 1 ms up to the flush interval.
	 */
	private void loop() {
		List<SpanRecord> batch = new ArrayList<>();
		long idleNanos = MIN_IDLE_NANOS;
		while (running || !queue.isEmpty()) {
			inFlight.incrementAndGet();
			try {
				queue.drainTo(batch, config.batchSize());
				if (!batch.isEmpty()) {
					send(batch);
					idleNanos = MIN_IDLE_NANOS;
					continue;
				}
			} finally {
				batch.clear();
				inFlight.decrementAndGet();
			}
			LockSupport.parkNanos(idleNanos);
			idleNanos = Math.min(idleNanos * 2, TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.flushMillis())));
		}
	}

	/**
	 * Ships a batch to the OTLP endpoint and to Zipkin, each that is set. The spans count as exported once the OTLP
	 * collector took them (or Zipkin, without one); a failure of either is counted and kept as the last error.
	 */
	private void send(List<SpanRecord> batch) {
		boolean delivered = false;
		String error = null;
		if (config.exportEndpoint() != null) {
			error = post(config.exportEndpoint(), otlp(batch));
			delivered = error == null;
		}
		if (config.zipkinEndpoint() != null) {
			String zipkinError = post(config.zipkinEndpoint(), zipkin(batch));
			delivered |= config.exportEndpoint() == null && zipkinError == null;
			error = error != null ? error : zipkinError;
		}
		if (delivered) {
			exported.addAndGet(batch.size());
		} else {
			dropped.addAndGet(batch.size());
		}
		if (error != null) {
			failed.incrementAndGet();
			lastError = error;
		}
	}

	/**
	 * One blocking POST on a kept-alive connection; null if the endpoint took it, else what went wrong.
	 * (java.net.http's client cost about 3 us of CPU per span in its selector and worker threads; this costs a
	 * fraction of it, on the exporter's thread alone.)
	 */
	private static String post(java.net.URI endpoint, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		HttpURLConnection c = null;
		try {
			c = (HttpURLConnection) endpoint.toURL().openConnection();
			c.setConnectTimeout(2_000);
			c.setReadTimeout(5_000);
			c.setDoOutput(true);
			c.setRequestMethod("POST");
			c.setRequestProperty("Content-Type", "application/json");
			c.setFixedLengthStreamingMode(body.length);
			try (OutputStream out = c.getOutputStream()) {
				out.write(body);
			}
			int status = c.getResponseCode();
			// reading the answer to its end gives the connection back for the next batch
			try (InputStream in = status / 100 == 2 ? c.getInputStream() : c.getErrorStream()) {
				if (in != null) {
					in.transferTo(OutputStream.nullOutputStream());
				}
			}
			return status / 100 == 2 ? null : endpoint + " answered HTTP " + status;
		} catch (IOException | RuntimeException e) {
			if (c != null) {
				c.disconnect();
			}
			return "cannot reach " + endpoint + ": " + e;
		}
	}

	/** The batch as Zipkin v2 JSON: a list of spans, times in microseconds, the request type as a tag. */
	String zipkin(List<SpanRecord> batch) {
		StringBuilder sb = new StringBuilder(2 + batch.size() * 400);
		sb.append('[');
		for (int i = 0; i < batch.size(); i++) {
			SpanRecord s = batch.get(i);
			sb.append(i == 0 ? "{" : ",{").append("\"traceId\":");
			JsonCodec.quote(s.traceId(), sb);
			sb.append(",\"id\":");
			JsonCodec.quote(s.spanId(), sb);
			if (s.parentSpanId() != null) {
				sb.append(",\"parentId\":");
				JsonCodec.quote(s.parentSpanId(), sb);
			}
			sb.append(",\"name\":");
			JsonCodec.quote(s.operation(), sb);
			long micros = s.startNanos() / 1_000;
			sb.append(",\"timestamp\":").append(micros).append(",\"duration\":")
					.append(Math.max(1, s.endNanos() / 1_000 - micros)).append(",\"localEndpoint\":{\"serviceName\":");
			JsonCodec.quote(config.service(), sb);
			sb.append("},\"tags\":{");
			JsonCodec.quote(TraceContext.REQUEST_TYPE_KEY, sb);
			sb.append(':');
			JsonCodec.quote(s.requestType(), sb);
			sb.append("}}");
		}
		return sb.append(']').toString();
	}

	/**
	 * An ExportTraceServiceRequest with one resource (this service) and one scope, written straight into text: the
	 * exporter thread is what limits how many spans per second an agent ships, and a tree of maps cost it several
	 * times more per span.
	 */
	String otlp(List<SpanRecord> batch) {
		StringBuilder sb = new StringBuilder(160 + batch.size() * 640);
		sb.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":[");
		attribute("service.name", config.service(), sb);
		sb.append("]},\"scopeSpans\":[{\"scope\":{\"name\":\"pythia-agent\"},\"spans\":[");
		for (int i = 0; i < batch.size(); i++) {
			SpanRecord s = batch.get(i);
			sb.append(i == 0 ? "{" : ",{").append("\"traceId\":");
			JsonCodec.quote(s.traceId(), sb);
			sb.append(",\"spanId\":");
			JsonCodec.quote(s.spanId(), sb);
			if (s.parentSpanId() != null) {
				sb.append(",\"parentSpanId\":");
				JsonCodec.quote(s.parentSpanId(), sb);
			}
			sb.append(",\"name\":");
			JsonCodec.quote(s.operation(), sb);
			sb.append(",\"kind\":1,\"startTimeUnixNano\":\"").append(s.startNanos())
					.append("\",\"endTimeUnixNano\":\"").append(s.endNanos()).append("\",\"attributes\":[");
			attribute(TraceContext.REQUEST_TYPE_KEY, s.requestType(), sb);
			sb.append("]}");
		}
		return sb.append("]}]}]}").toString();
	}

	private static void attribute(String key, String value, StringBuilder sb) {
		sb.append("{\"key\":");
		JsonCodec.quote(key, sb);
		sb.append(",\"value\":{\"stringValue\":");
		JsonCodec.quote(value, sb);
		sb.append("}}");
	}

	/** Waits until everything queued so far has been sent (or 10 s passed). */
	void flush() {
		long deadline = System.currentTimeMillis() + 10_000;
		while ((!queue.isEmpty() || inFlight.get() > 0) && System.currentTimeMillis() < deadline) {
			try {
				Thread.sleep(5);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	void stop() {
		flush();
		running = false;
		if (thread != null) {
			thread.interrupt();
		}
	}
}
