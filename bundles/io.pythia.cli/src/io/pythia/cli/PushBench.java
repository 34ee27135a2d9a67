// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pythia.agent.Agent;
import io.pythia.control.AgentEndpoint;
import io.pythia.control.ControlClient;
import io.pythia.search.InstrumentationState;

/**
 * {@code pythia bench push [AGENTS]}: the time from Push to every agent having applied and acknowledged its toggle
 * batch. AGENTS real Pythia agents, each with its own authenticated control endpoint on loopback and ten tracepoints,
 * get one push of the workbench's control client ({@link ControlClient}, as a cycle's Push does: read each agent's
 * version, send its batch, wait for the answer). Each push enables two tracepoints per agent or disables the two
 * enabled before; what every agent reports afterwards is checked against it.
 */
final class PushBench {

	static final int TRACEPOINTS_PER_AGENT = 10;

	/** One push: how long, and whether every agent reports what it was sent. */
	record Push(double millis, boolean applied, String problem) {
	}

	private final PrintStream out;

	PushBench(PrintStream out) {
		this.out = out;
	}

	/** Prints the pushes' median, ending in "applied on N agents in X ms"; false if any push did not apply. */
	boolean run(int agents, int pushes) throws IOException {
		List<Agent> started = new ArrayList<>();
		try {
			// the agents ship nothing here (no span is recorded): their export endpoint only has to be well formed
			URI nowhere = URI.create("http://127.0.0.1:9/v1/traces");
			List<AgentEndpoint> endpoints = new ArrayList<>();
			for (int i = 0; i < agents; i++) {
				String token = "bench-token-" + i;
				Agent agent = Agent.start(Agent.Config.of("service-" + i, nowhere, token));
				started.add(agent);
				for (int t = 0; t < TRACEPOINTS_PER_AGENT; t++) {
					agent.tracepoint("step-" + t);
				}
				endpoints.add(new AgentEndpoint("service-" + i, agent.controlUri(), token));
			}
			boolean allWell = true;
			double[] millis = new double[pushes];
			try (ControlClient client = new ControlClient(endpoints, 50)) {
				push(client, started, 0); // warm-up: connections opened, both ends compiled
				for (int p = 1; p <= pushes; p++) {
					Push push = push(client, started, p);
					millis[p - 1] = push.millis();
					if (!push.applied()) {
						out.printf(Locale.ROOT, "push %d: %s%n", p, push.problem());
						allWell = false;
					}
				}
			}
			double[] sorted = millis.clone();
			Arrays.sort(sorted);
			out.printf(Locale.ROOT, "Push of %d toggles (2 per agent), median of %d pushes (%s ms; max %.1f ms): applied on %d agents in %.1f ms%n",
					2 * agents, pushes, list(millis), sorted[sorted.length - 1], agents, BenchCommand.median(millis));
			return allWell;
		} finally {
			for (Agent a : started) {
				a.close();
			}
		}
	}

	/** Push {@code n}: odd ones enable step-(n mod 5)*2 and the next at every agent, even ones disable them again. */
	private static Push push(ControlClient client, List<Agent> agents, int n) {
		int first = (n + 1) / 2 % 5 * 2;
		boolean enable = n % 2 == 1 || n == 0;
		Set<InstrumentationState.Toggle> toggles = new HashSet<>();
		for (int i = 0; i < agents.size(); i++) {
			for (int t = first; t < first + 2; t++) {
				toggles.add(new InstrumentationState.Toggle("service-" + i + ":step-" + t, "bench"));
			}
		}
		InstrumentationState.Diff diff = enable ? new InstrumentationState.Diff(toggles, Set.of())
				: new InstrumentationState.Diff(Set.of(), toggles);
		long t0 = System.nanoTime();
		ControlClient.PushReport report = client.push(diff);
		double millis = (System.nanoTime() - t0) / 1e6;
		if (!report.complete()) {
			return new Push(millis, false, report.results().stream().filter(r -> r.outcome() != ControlClient.Outcome.APPLIED)
					.findFirst().map(r -> r.agent() + ": " + r.outcome() + " " + r.detail()).orElse("incomplete"));
		}
		for (int i = 0; i < agents.size(); i++) {
			Map<String, List<String>> state = agents.get(i).state();
			for (int t = first; t < first + 2; t++) {
				boolean on = state.getOrDefault("service-" + i + ":step-" + t, List.of()).contains("bench");
				if (on != enable) {
					return new Push(millis, false, "service-" + i + " acknowledged, but step-" + t + " is "
							+ (on ? "enabled" : "disabled"));
				}
			}
		}
		if (n == 0) {
			client.push(new InstrumentationState.Diff(Set.of(), toggles)); // back to the start for the timed pushes
		}
		return new Push(millis, true, null);
	}

	private static String list(double[] values) {
		List<String> parts = new ArrayList<>();
		for (double v : values) {
			parts.add(String.format(Locale.ROOT, "%.1f", v));
		}
		return String.join(" ", parts);
	}
}
