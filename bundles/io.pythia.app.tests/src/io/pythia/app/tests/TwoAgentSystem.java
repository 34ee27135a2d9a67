// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pythia.agent.Agent;
import io.pythia.agent.Span;
import io.pythia.agent.TraceContext;
import io.pythia.control.AgentEndpoint;

/**
 * A connected system for the live UI tests: two real Pythia agents (HTTP control endpoints, OTLP export to the
 * workbench's receiver, on loopback) serving a workload whose deepest step, {@code back:store.write.fsync}, has a
 * random delay, and the connection file that names them. Closing it ends the workload and both agents.
 */
final class TwoAgentSystem implements AutoCloseable {

	final Agent front;
	final Agent back;
	/** The connection file the workbench connects through. */
	final Path connection;
	private final AtomicBoolean running = new AtomicBoolean(true);
	private final Thread workload;

	TwoAgentSystem(Path dir) throws IOException {
		int otlpPort;
		try (var socket = new java.net.ServerSocket(0)) {
			otlpPort = socket.getLocalPort();
		}
		URI otlp = URI.create("http://127.0.0.1:" + otlpPort + "/v1/traces");
		front = Agent.start(Agent.Config.of("front", otlp, "t1").withQueue(10_000, 256, 50));
		Agent b;
		try {
			b = Agent.start(Agent.Config.of("back", otlp, "t2").withQueue(10_000, 256, 50));
		} catch (IOException | RuntimeException e) {
			front.close();
			throw e;
		}
		back = b;
		front.tracepoint("validate");
		for (String op : List.of("store.index", "store.write", "store.write.encode", "store.write.fsync")) {
			back.tracepoint(op);
		}
		front.apply(null, 0, List.of(new Agent.Toggle("front:create", "create", true)));
		back.apply(null, 0, List.of(new Agent.Toggle("back:store", "create", true)));
		workload = Thread.ofPlatform().daemon().start(() -> {
			Random random = new Random(3);
			while (running.get()) {
				try (Span r = front.tracepoint("create").begin("create", null)) {
					work(front, "validate", 1);
					try (Span s = back.tracepoint("store").begin("create", TraceContext.current())) {
						work(back, "store.index", 1);
						try (Span w = back.tracepoint("store.write").enter()) {
							work(back, "store.write.encode", 1);
							try (Span f = back.tracepoint("store.write.fsync").enter()) {
								// exponential, mean 12 ms: a pause of the test JVM (GC, JIT, the workbench starting
								// in it) in one trace's step must not outweigh the delay's variance in a 1.5 s window;
								// with a mean of 4 ms one did, and the first cycle localized front:create
								sleep(1 + (long) (-Math.log(1 - random.nextDouble()) * 12));
							}
						}
					}
				}
				sleep(5);
			}
		});
		connection = dir.resolve("connection.json");
		AgentEndpoint.write(new AgentEndpoint.Connection(List.of(new AgentEndpoint("front", front.controlUri(), "t1"),
				new AgentEndpoint("back", back.controlUri(), "t2")), otlpPort), connection);
	}

	/** What both agents say they have enabled: tracepoint to request types. */
	Map<String, List<String>> state() {
		Map<String, List<String>> all = new LinkedHashMap<>(back.state());
		all.putAll(front.state());
		return all;
	}

	private static void work(Agent agent, String op, long millis) {
		try (Span s = agent.tracepoint(op).enter()) {
			sleep(millis);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws InterruptedException {
		running.set(false);
		workload.join(2_000);
		try {
			back.close();
		} finally {
			front.close();
		}
	}
}
