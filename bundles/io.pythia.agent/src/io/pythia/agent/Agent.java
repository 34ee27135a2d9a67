// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent a service embeds: its tracepoints with their per-request-type switches, the exporter that ships
 * recorded spans as OTLP/HTTP JSON (and, if asked, to a Zipkin server) off the request path, and the control endpoint through which Pythia lists and
 * toggles tracepoints. JDK only (plus Pythia's small JSON codec).
 */
public final class Agent implements AutoCloseable {

	/**
	 * @param service        service name (the tracepoints are "service:operation")
	 * @param exportEndpoint OTLP/HTTP traces endpoint (e.g. http://127.0.0.1:4318/v1/traces), or null to keep spans
	 * @param controlPort    port of the control endpoint (0: any free port; -1: no endpoint)
	 * @param bindAddress    address the control endpoint binds (default 127.0.0.1)
	 * @param token          bearer token the control endpoint requires
	 * @param queueCapacity  spans waiting for export at most; beyond, new spans are dropped and counted
	 * @param batchSize      spans per export request at most
	 * @param flushMillis    longest wait before a partial batch is sent
	 * @param zipkinEndpoint a Zipkin server's span endpoint (e.g. http://127.0.0.1:9411/api/v2/spans) that gets every
	 *                       batch too, as Zipkin v2 JSON; or null
	 */
	public record Config(String service, URI exportEndpoint, int controlPort, String bindAddress, String token,
			int queueCapacity, int batchSize, long flushMillis, URI zipkinEndpoint) {

		public Config(String service, URI exportEndpoint, int controlPort, String bindAddress, String token,
				int queueCapacity, int batchSize, long flushMillis) {
			this(service, exportEndpoint, controlPort, bindAddress, token, queueCapacity, batchSize, flushMillis, null);
		}

		public static Config of(String service, URI exportEndpoint, String token) {
			return new Config(service, exportEndpoint, 0, "127.0.0.1", token, 10_000, 512, 200);
		}

		public Config withControlPort(int port) {
			return new Config(service, exportEndpoint, port, bindAddress, token, queueCapacity, batchSize, flushMillis,
					zipkinEndpoint);
		}

		public Config withQueue(int capacity, int batch, long flush) {
			return new Config(service, exportEndpoint, controlPort, bindAddress, token, capacity, batch, flush, zipkinEndpoint);
		}

		/** Also sends every batch to a Zipkin server, e.g. http://127.0.0.1:9411/api/v2/spans (null: not). */
		public Config withZipkin(URI spans) {
			return new Config(service, exportEndpoint, controlPort, bindAddress, token, queueCapacity, batchSize, flushMillis, spans);
		}
	}

	private final Config config;
	private final Map<String, Tracepoint> tracepoints = new ConcurrentHashMap<>();
	private final Exporter exporter;
	private final ControlServer control;
	private final long clockBase = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
	private long version;
	private String lastBatch;

	private Agent(Config config) throws IOException {
		this.config = config;
		this.exporter = new Exporter(config);
		this.control = config.controlPort() < 0 ? null
				: new ControlServer(this, new InetSocketAddress(config.bindAddress(), config.controlPort()), config.token());
	}

	/** Starts the exporter and the control endpoint. */
	public static Agent start(Config config) throws IOException {
		Agent agent = new Agent(config);
		agent.exporter.start();
		if (agent.control != null) {
			agent.control.start();
		}
		return agent;
	}

	public String service() {
		return config.service();
	}

	/** The tracepoint "service:operation", created disabled on first use. */
	public Tracepoint tracepoint(String operation) {
		return tracepoints.computeIfAbsent(operation, op -> new Tracepoint(this, op));
	}

	public Collection<Tracepoint> tracepoints() {
		return List.copyOf(tracepoints.values());
	}

	/** Where the control endpoint listens (null without one). */
	public URI controlUri() {
		return control == null ? null : control.uri();
	}

	/** Version of the toggle state; every applied batch increments it. */
	public synchronized long version() {
		return version;
	}

	/**
	 * Applies a batch of toggles atomically if {@code baseVersion} is the current version. The same batch sent again
	 * (same id, after it was applied) is acknowledged without change; any other stale version is refused.
	 */
	public synchronized ToggleResult apply(String batchId, long baseVersion, List<Toggle> toggles) {
		if (batchId != null && batchId.equals(lastBatch) && baseVersion == version - 1) {
			return new ToggleResult(true, version, "already applied");
		}
		if (baseVersion != version) {
			return new ToggleResult(false, version, "stale version " + baseVersion + "; the current version is " + version);
		}
		for (Toggle t : toggles) {
			if (t.tracepoint() == null || t.requestType() == null) {
				return new ToggleResult(false, version, "a toggle needs a tracepoint and a request type");
			}
		}
		for (Toggle t : toggles) {
			String op = t.tracepoint().startsWith(service() + ":") ? t.tracepoint().substring(service().length() + 1)
					: t.tracepoint();
			Tracepoint tp = tracepoint(op);
			List<String> types = new ArrayList<>(List.of(tp.enabledTypes()));
			types.remove(t.requestType());
			if (t.enabled()) {
				types.add(t.requestType());
			}
			tp.enabledTypes(types.toArray(new String[0]));
		}
		version++;
		lastBatch = batchId;
		return new ToggleResult(true, version, "applied " + toggles.size() + " toggle(s)");
	}

	/**
	 * Reports a tracepoint as recording for a request type without a toggle: for a host that records it whatever
	 * the toggles say (the OpenTelemetry extension's service entries, the skeleton). Not a change of state that
	 * the control client made, so the version stays.
	 */
	public synchronized void alwaysOn(String operation, String requestType) {
		Tracepoint tp = tracepoint(operation);
		if (!tp.enabledFor(requestType)) {
			List<String> types = new ArrayList<>(List.of(tp.enabledTypes()));
			types.add(requestType);
			tp.enabledTypes(types.toArray(new String[0]));
		}
	}

	/** One switch: tracepoint (id or operation) for one request type. */
	public record Toggle(String tracepoint, String requestType, boolean enabled) {
	}

	/** The outcome of {@link #apply}. */
	public record ToggleResult(boolean applied, long version, String message) {
	}

	/** Tracepoints with the request types they record for, by id. */
	public Map<String, List<String>> state() {
		Map<String, List<String>> out = new TreeMap<>();
		for (Tracepoint tp : tracepoints.values()) {
			out.put(tp.id(), List.of(tp.enabledTypes()));
		}
		return out;
	}

	public Exporter.Counters counters() {
		return exporter.counters();
	}

	long clock() {
		return clockBase + System.nanoTime();
	}

	void record(SpanRecord span) {
		exporter.offer(span);
	}

	/** Sends what is queued now and waits for it (for tests and orderly shutdown). */
	public void flush() {
		exporter.flush();
	}

	@Override
	public void close() {
		if (control != null) {
			control.stop();
		}
		exporter.stop();
	}
}
