// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pythia.agent.Agent;
import io.pythia.agent.Span;
import io.pythia.agent.TraceContext;
import io.pythia.agent.Tracepoint;
import io.pythia.agent.internal.JsonCodec;
import io.pythia.lab.LabTopology;

/**
 * One service of the lab, run as its own JVM: {@code LabService NAME PORT CONTROL_PORT TOKEN OTLP_URL PEERS}, where
 * PEERS is "name=port,...". Serves POST /op/OPERATION, and /lab/problem(s) to switch its problems on and off.
 */
public final class LabService {

	private final String name;
	private final Agent agent;
	private final Map<String, Integer> peers;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private final ExecutorService fanOut = Executors.newCachedThreadPool(daemon("fan-out"));
	private final Map<String, Boolean> active = new ConcurrentHashMap<>();
	private final Semaphore buildPermits = new Semaphore(1);
	private final ReentrantLock globalLock = new ReentrantLock();
	private final AtomicInteger roundRobin = new AtomicInteger();
	private final Random random = new Random();

	LabService(String name, Agent agent, Map<String, Integer> peers) {
		this.name = name;
		this.agent = agent;
		this.peers = peers;
		for (String op : LabTopology.OPERATIONS.get(name)) {
			agent.tracepoint(op);
			for (String step : LabTopology.STEPS) {
				agent.tracepoint(op + "." + step);
				for (String sub : LabTopology.SUBSTEPS) {
					agent.tracepoint(op + "." + step + "." + sub);
				}
			}
		}
		// the skeleton: each operation's entry, for every request type
		List<Agent.Toggle> skeleton = new ArrayList<>();
		for (String op : LabTopology.OPERATIONS.get(name)) {
			for (String type : LabTopology.REQUEST_TYPES) {
				skeleton.add(new Agent.Toggle(name + ":" + op, type, true));
			}
		}
		agent.apply("skeleton", 0, skeleton);
	}

	public static void main(String[] args) throws Exception {
		String name = args[0];
		int port = Integer.parseInt(args[1]);
		int controlPort = Integer.parseInt(args[2]);
		Map<String, Integer> peers = LabTopology.peers(args[5]);
		// args[6]: a Zipkin server's span endpoint that gets every span too, or "-"
		URI zipkin = args.length > 6 && !"-".equals(args[6]) ? URI.create(args[6]) : null;
		Agent agent = Agent.start(Agent.Config.of(name, URI.create(args[4]), args[3]).withControlPort(controlPort)
				.withQueue(50_000, 512, 200).withZipkin(zipkin));
		LabService service = new LabService(name, agent, peers);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
		server.setExecutor(Executors.newFixedThreadPool(32, daemon("http")));
		server.createContext("/", service::handle);
		server.start();
		System.out.println("lab service " + name + " on port " + port + ", control " + agent.controlUri());
		Thread.currentThread().join();
	}

	private void handle(HttpExchange x) throws IOException {
		try (x) {
			String path = x.getRequestURI().getPath();
			if (path.startsWith("/op/")) {
				String op = path.substring(4);
				if (!LabTopology.OPERATIONS.get(name).contains(op)) {
					reply(x, 404, Map.of("error", "no operation " + op + " at " + name));
					return;
				}
				TraceContext incoming = TraceContext.extract(x.getRequestHeaders()::getFirst);
				try (Span s = agent.tracepoint(op).begin(op, incoming)) {
					operation(op);
				}
				reply(x, 200, Map.of("done", op));
			} else if (path.equals("/lab/problems")) {
				reply(x, 200, Map.of("problems", problems()));
			} else if (path.equals("/lab/problem") && "POST".equals(x.getRequestMethod())) {
				Map<?, ?> body = (Map<?, ?>) JsonCodec.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				String problem = (String) body.get("name");
				if (LabTopology.PROBLEMS.stream().noneMatch(p -> p.name().equals(problem) && p.service().equals(name))) {
					reply(x, 404, Map.of("error", "no problem " + problem + " at " + name));
					return;
				}
				active.put(problem, Boolean.TRUE.equals(body.get("active")));
				reply(x, 200, Map.of("problems", problems()));
			} else {
				reply(x, 404, Map.of("error", "unknown path " + path));
			}
		} catch (RuntimeException e) {
			reply(x, 500, Map.of("error", String.valueOf(e)));
		}
	}

	private List<Object> problems() {
		List<Object> out = new ArrayList<>();
		for (LabTopology.Problem p : LabTopology.PROBLEMS) {
			if (p.service().equals(name)) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("name", p.name());
				m.put("tracepoint", p.tracepoint());
				m.put("active", active.getOrDefault(p.name(), false));
				out.add(m);
			}
		}
		return out;
	}

	private void operation(String op) {
		int rr = roundRobin.getAndIncrement();
		for (String step : LabTopology.STEPS) {
			try (Span s = agent.tracepoint(op + "." + step).enter()) {
				for (String sub : LabTopology.SUBSTEPS) {
					String id = op + "." + step + "." + sub;
					try (Span t = agent.tracepoint(id).enter()) {
						substep(id, op, step, sub, rr);
					}
				}
			}
		}
		if (name.equals("gateway") && op.equals("create_server")) {
			// notify asynchronously: the request does not wait for it
			fanOut.submit(TraceContext.wrap(() -> {
				try (Span n = agent.tracepoint(op + ".finish.record").enter()) {
					pause(2);
				}
			}));
		}
	}

	private void substep(String id, String op, String step, String sub, int rr) {
		String tracepoint = name + ":" + id;
		// steps of a few milliseconds: long enough that scheduling jitter is small beside them
		double base = 1.5 + Math.floorMod(tracepoint.hashCode(), 7) * 0.5;
		// problems strike some requests, not all: variance among requests that should perform alike
		if (is("slow-replica", tracepoint) && random.nextDouble() < 0.35) {
			// stalls of varying length, like a disk's: a fixed stall only moves the fan-out's critical path to this
			// replica, and the requests that stalled would form a group of their own with no variance to localize
			base += 20 + random.nextDouble() * 100;
		}
		if (is("slow-third-party", tracepoint) && random.nextDouble() < 0.4) {
			base += 50;
		}
		if (is("random-sleeps", tracepoint) && random.nextDouble() < 0.3) {
			base += random.nextDouble() * 60;
		}
		if (is("low-concurrency", tracepoint)) {
			// held long enough that, at the lab's default rate, builds often queue for it (utilization about 0.4)
			buildPermits.acquireUninterruptibly();
			try {
				pause(base + 60);
			} finally {
				buildPermits.release();
			}
			return;
		}
		if (is("lock-contention", tracepoint)) {
			globalLock.lock();
			try {
				pause(base + 60);
			} finally {
				globalLock.unlock();
			}
			return;
		}
		pause(base);
		if (step.equals("execute") && sub.equals("work")) {
			for (List<String> group : LabTopology.calls(name, op, rr)) {
				List<Future<?>> running = new ArrayList<>();
				for (String call : group) {
					running.add(fanOut.submit(TraceContext.wrap(() -> call(call))));
				}
				for (Future<?> f : running) {
					try {
						f.get();
					} catch (Exception e) {
						throw new IllegalStateException("call failed: " + e, e);
					}
				}
			}
		}
	}

	private boolean is(String problem, String tracepoint) {
		return active.getOrDefault(problem, false) && LabTopology.PROBLEMS.stream()
				.anyMatch(p -> p.name().equals(problem) && p.tracepoint().equals(tracepoint));
	}

	private void call(String target) {
		String[] parts = target.split("/");
		Integer port = peers.get(parts[0]);
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/op/" + parts[1]))
				.timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody());
		TraceContext.inject(b::header);
		try {
			HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
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

	private static void pause(double millis) {
		try {
			long ms = (long) millis;
			Thread.sleep(ms, (int) ((millis - ms) * 1_000_000));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(HttpExchange x, int status, Map<String, Object> body) throws IOException {
		byte[] bytes = (JsonCodec.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
		x.getResponseHeaders().set("Content-Type", "application/json");
		x.sendResponseHeaders(status, bytes.length);
		try (OutputStream os = x.getResponseBody()) {
			os.write(bytes);
		}
	}

	/** Request-handling threads: the agent keeps the request's context in a field of these (cheaper to read). */
	private static java.util.concurrent.ThreadFactory daemon(String what) {
		return TraceContext.threads("lab " + what, true);
	}
}
