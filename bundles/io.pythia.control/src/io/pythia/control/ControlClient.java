// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.pythia.search.InstrumentationState;

/**
 * Pushes approved toggles to every agent of the connected system in parallel, and reads back what the agents
 * actually have. Each agent gets the toggles of its own service's tracepoints as one versioned batch; network
 * failures are retried with backoff. A push is complete only if every agent applied its batch.
 */
public final class ControlClient implements AutoCloseable {

	/** What happened at one agent. */
	public enum Outcome {
		APPLIED, REFUSED, UNREACHABLE
	}

	/** @param detail the agent's answer or the failure */
	public record AgentResult(String agent, Outcome outcome, long version, String detail) {
	}

	/** Per-agent results of one push. */
	public record PushReport(List<AgentResult> results) {
		/** True only when every agent applied its batch: a partial push is no success. */
		public boolean complete() {
			return results.stream().allMatch(r -> r.outcome() == Outcome.APPLIED);
		}
	}

	private static final int ATTEMPTS = 3;

	private final List<AgentEndpoint> agents;
	private final HttpClient http;
	private final ExecutorService pool;
	private final long backoffMillis;

	public ControlClient(List<AgentEndpoint> agents, long backoffMillis) {
		this.agents = List.copyOf(agents);
		this.backoffMillis = backoffMillis;
		this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, agents.size())), r -> {
			Thread t = new Thread(r, "pythia-control-client");
			t.setDaemon(true);
			return t;
		});
		// the client keeps its own executor: sharing the pushing threads with it would deadlock them
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	}

	/** Pushes the diff: every agent gets the toggles of its service, all agents at once. */
	public PushReport push(InstrumentationState.Diff diff) {
		return push(diff, InstrumentationState.of(List.of()));
	}

	/**
	 * Pushes the diff, and brings every agent back to {@code target}'s enabled toggles of its service: an agent whose
	 * service restarted since the last push (back to its defaults) gets what it lost, in the same batch. Only the
	 * diff disables anything. Agents that need nothing are asked for their version only.
	 */
	public PushReport push(InstrumentationState.Diff diff, InstrumentationState target) {
		String batch = UUID.randomUUID().toString();
		List<CompletableFuture<AgentResult>> futures = new ArrayList<>();
		for (AgentEndpoint a : agents) {
			List<Map<String, Object>> toggles = new ArrayList<>();
			add(toggles, a, diff.enabled(), true);
			add(toggles, a, diff.disabled(), false);
			List<InstrumentationState.Toggle> wanted = new ArrayList<>();
			for (InstrumentationState.Toggle t : target.toggles()) {
				if (t.tracepoint().startsWith(a.name() + ":") && !diff.disabled().contains(t)) {
					wanted.add(t);
				}
			}
			futures.add(CompletableFuture.supplyAsync(() -> pushTo(a, batch, toggles, wanted), pool));
		}
		return new PushReport(futures.stream().map(CompletableFuture::join).toList());
	}

	private static void add(List<Map<String, Object>> out, AgentEndpoint a, Iterable<InstrumentationState.Toggle> toggles, boolean on) {
		for (InstrumentationState.Toggle t : toggles) {
			if (t.tracepoint().startsWith(a.name() + ":")) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("tracepoint", t.tracepoint());
				m.put("requestType", t.requestType());
				m.put("enabled", on);
				out.add(m);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private AgentResult pushTo(AgentEndpoint a, String batch, List<Map<String, Object>> diffToggles,
			List<InstrumentationState.Toggle> wanted) {
		String failure = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			if (attempt > 0) {
				sleep(backoffMillis << (attempt - 1));
			}
			try {
				HttpResponse<String> current = send(a, "GET", "v1/tracepoints", null);
				if (current.statusCode() != 200) {
					return new AgentResult(a.name(), Outcome.REFUSED, -1, "HTTP " + current.statusCode() + ": " + current.body().strip());
				}
				Map<String, Object> state = ProtocolJson.object(current.body());
				long version = ((Number) state.get("version")).longValue();
				List<Map<String, Object>> toggles = new ArrayList<>(diffToggles);
				int restored = restore(toggles, wanted, state);
				if (toggles.isEmpty()) {
					return new AgentResult(a.name(), Outcome.APPLIED, version, "nothing to change");
				}
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("batch", batch);
				body.put("baseVersion", version);
				body.put("toggles", toggles);
				HttpResponse<String> r = send(a, "POST", "v1/toggles", ProtocolJson.write(body));
				Map<String, Object> answer = r.body().isBlank() ? Map.of() : ProtocolJson.object(r.body());
				long after = answer.get("version") instanceof Number n ? n.longValue() : -1;
				if (r.statusCode() == 200) {
					return new AgentResult(a.name(), Outcome.APPLIED, after, answer.get("message")
							+ (restored > 0 ? "; " + restored + " toggle(s) it had lost restored (restarted?)" : ""));
				}
				if (r.statusCode() == 409 && attempt + 1 < ATTEMPTS) {
					failure = String.valueOf(answer.get("message")); // someone else changed it: read the version again
					continue;
				}
				return new AgentResult(a.name(), Outcome.REFUSED, after, "HTTP " + r.statusCode() + ": " + answer.getOrDefault("message", answer.get("error")));
			} catch (JsonProcessingException e) {
				return new AgentResult(a.name(), Outcome.REFUSED, -1, "unreadable answer: " + e.getOriginalMessage());
			} catch (IOException e) {
				failure = e.toString();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return new AgentResult(a.name(), Outcome.UNREACHABLE, -1, "interrupted");
			} catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
				return new AgentResult(a.name(), Outcome.REFUSED, -1, "unreadable answer: " + e.getMessage());
			}
		}
		return new AgentResult(a.name(), Outcome.UNREACHABLE, -1, failure + " (after " + ATTEMPTS + " attempts)");
	}

	/** The (tracepoint, request type) pairs an agent's GET v1/tracepoints answer says are enabled. */
	@SuppressWarnings("unchecked")
	private static List<InstrumentationState.Toggle> enabledIn(Map<String, Object> state) {
		List<InstrumentationState.Toggle> on = new ArrayList<>();
		for (Object o : (List<Object>) state.get("tracepoints")) {
			Map<String, Object> tp = (Map<String, Object>) o;
			for (Object type : (List<Object>) tp.get("enabledFor")) {
				on.add(new InstrumentationState.Toggle((String) tp.get("id"), (String) type));
			}
		}
		return on;
	}

	/** Adds an enable toggle for each wanted one the agent's reported state lacks; returns how many. */
	private static int restore(List<Map<String, Object>> toggles, List<InstrumentationState.Toggle> wanted,
			Map<String, Object> state) {
		if (wanted.isEmpty()) {
			return 0;
		}
		java.util.Set<InstrumentationState.Toggle> has = new java.util.HashSet<>(enabledIn(state));
		java.util.Set<String> inBatch = new java.util.HashSet<>();
		for (Map<String, Object> t : toggles) {
			inBatch.add(t.get("tracepoint") + "\u0000" + t.get("requestType"));
		}
		int restored = 0;
		for (InstrumentationState.Toggle t : wanted) {
			if (!has.contains(t) && inBatch.add(t.tracepoint() + "\u0000" + t.requestType())) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("tracepoint", t.tracepoint());
				m.put("requestType", t.requestType());
				m.put("enabled", true);
				toggles.add(m);
				restored++;
			}
		}
		return restored;
	}

	/**
	 * What the agents report they have enabled, merged; agents that cannot be read are named in {@code unreachable}.
	 */
	@SuppressWarnings("unchecked")
	public InstrumentationState reportedState(List<String> unreachable) {
		List<InstrumentationState.Toggle> on = new ArrayList<>();
		for (AgentEndpoint a : agents) {
			try {
				HttpResponse<String> r = send(a, "GET", "v1/tracepoints", null);
				if (r.statusCode() != 200) {
					unreachable.add(a.name() + " (HTTP " + r.statusCode() + ")");
					continue;
				}
				on.addAll(enabledIn(ProtocolJson.object(r.body())));
			} catch (IOException | IllegalArgumentException | ClassCastException | NullPointerException e) {
				unreachable.add(a.name() + " (" + e.getMessage() + ")");
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				unreachable.add(a.name() + " (interrupted)");
			}
		}
		return InstrumentationState.of(on);
	}

	/** Every tracepoint the agents have, enabled or not (unreachable agents are named in {@code unreachable}). */
	@SuppressWarnings("unchecked")
	public List<String> tracepoints(List<String> unreachable) {
		List<String> all = new ArrayList<>();
		for (AgentEndpoint a : agents) {
			try {
				HttpResponse<String> r = send(a, "GET", "v1/tracepoints", null);
				if (r.statusCode() != 200) {
					unreachable.add(a.name() + " (HTTP " + r.statusCode() + ")");
					continue;
				}
				for (Object o : (List<Object>) ProtocolJson.object(r.body()).get("tracepoints")) {
					all.add((String) ((Map<String, Object>) o).get("id"));
				}
			} catch (IOException | IllegalArgumentException | ClassCastException | NullPointerException e) {
				unreachable.add(a.name() + " (" + e.getMessage() + ")");
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				unreachable.add(a.name() + " (interrupted)");
			}
		}
		return all;
	}

	private HttpResponse<String> send(AgentEndpoint a, String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder b = HttpRequest.newBuilder(a.url().resolve(path)).timeout(Duration.ofSeconds(5))
				.header("Authorization", "Bearer " + a.token());
		if (body != null) {
			b.header("Content-Type", "application/json");
		}
		b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		pool.shutdownNow();
	}
}
