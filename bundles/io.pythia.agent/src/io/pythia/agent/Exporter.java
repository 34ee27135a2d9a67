// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private final AtomicLong recorded = new AtomicLong();
	private final AtomicLong exported = new AtomicLong();
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong failed = new AtomicLong();
	private final AtomicLong inFlight = new AtomicLong();
	private volatile String lastError;
	private volatile boolean running;
	private Thread thread;

	Exporter(Agent.Config config) {
		this.config = config;
		this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity()));
	}

	void start() {
		running = true;
		thread = Thread.ofPlatform().daemon().name("pythia-exporter " + config.service()).start(this::loop);
	}

	void offer(SpanRecord span) {
		recorded.incrementAndGet();
		if (config.exportEndpoint() == null) {
			return;
		}
		if (!queue.offer(span)) {
			dropped.incrementAndGet();
		}
	}

	public Counters counters() {
		return new Counters(recorded.get(), exported.get(), dropped.get(), failed.get(), lastError);
	}

	private void loop() {
		List<SpanRecord> batch = new ArrayList<>();
		while (running || !queue.isEmpty()) {
			try {
				SpanRecord first = queue.poll(config.flushMillis(), TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				inFlight.incrementAndGet();
				try {
					batch.add(first);
					queue.drainTo(batch, config.batchSize() - 1);
					send(batch);
				} finally {
					batch.clear();
					inFlight.decrementAndGet();
				}
			} catch (InterruptedException e) {
				if (!running) {
					break;
				}
			}
		}
	}

	private void send(List<SpanRecord> batch) {
		try {
			HttpRequest request = HttpRequest.newBuilder(config.exportEndpoint()).timeout(Duration.ofSeconds(5))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(JsonCodec.write(otlp(batch)))).build();
			HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				exported.addAndGet(batch.size());
			} else {
				failed.incrementAndGet();
				dropped.addAndGet(batch.size());
				lastError = "collector answered HTTP " + response.statusCode();
			}
		} catch (java.io.IOException | InterruptedException e) {
			failed.incrementAndGet();
			dropped.addAndGet(batch.size());
			lastError = "cannot reach " + config.exportEndpoint() + ": " + e;
		}
	}

	/** An ExportTraceServiceRequest with one resource (this service) and one scope. */
	private Map<String, Object> otlp(List<SpanRecord> batch) {
		List<Object> spans = new ArrayList<>(batch.size());
		for (SpanRecord s : batch) {
			Map<String, Object> span = new LinkedHashMap<>();
			span.put("traceId", s.traceId());
			span.put("spanId", s.spanId());
			if (s.parentSpanId() != null) {
				span.put("parentSpanId", s.parentSpanId());
			}
			span.put("name", s.operation());
			span.put("kind", 1L);
			span.put("startTimeUnixNano", Long.toString(s.startNanos()));
			span.put("endTimeUnixNano", Long.toString(s.endNanos()));
			span.put("attributes", List.of(attribute(TraceContext.REQUEST_TYPE_KEY, s.requestType())));
			spans.add(span);
		}
		Map<String, Object> resource = Map.of("attributes", List.of(attribute("service.name", config.service())));
		Map<String, Object> scope = new LinkedHashMap<>();
		scope.put("scope", Map.of("name", "pythia-agent"));
		scope.put("spans", spans);
		Map<String, Object> rs = new LinkedHashMap<>();
		rs.put("resource", resource);
		rs.put("scopeSpans", List.of(scope));
		return Map.of("resourceSpans", List.of(rs));
	}

	private static Map<String, Object> attribute(String key, String value) {
		Map<String, Object> a = new LinkedHashMap<>();
		a.put("key", key);
		a.put("value", Map.of("stringValue", value));
		return a;
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
