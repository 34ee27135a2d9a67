// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.agent.Agent;
import io.pythia.search.InstrumentationState;
import io.pythia.search.InstrumentationState.Toggle;

/** Pushes to real agents on loopback: all applied, one agent gone, the state read back from the agents. */
class ControlClientTest {

	@TempDir
	Path dir;

	private static InstrumentationState.Diff enable(Toggle... toggles) {
		return new InstrumentationState.Diff(Set.of(toggles), Set.of());
	}

	@Test
	void pushesToEveryAgentAndReportsEach() throws Exception {
		List<Agent> agents = new ArrayList<>();
		List<AgentEndpoint> endpoints = new ArrayList<>();
		for (String name : List.of("gateway", "compute", "storage")) {
			Agent a = Agent.start(Agent.Config.of(name, null, "token-" + name));
			a.tracepoint("op");
			agents.add(a);
			endpoints.add(new AgentEndpoint(name, a.controlUri(), "token-" + name));
		}
		Path file = dir.resolve("connection.json");
		AgentEndpoint.write(new AgentEndpoint.Connection(endpoints, 4318), file);
		AgentEndpoint.Connection connection = AgentEndpoint.read(file);
		assertEquals(endpoints, connection.agents());
		try (ControlClient client = new ControlClient(connection.agents(), 20)) {
			ControlClient.PushReport report = client.push(enable(new Toggle("gateway:op", "create"), new Toggle("storage:op", "create"),
					new Toggle("storage:deep", "create")));
			assertTrue(report.complete(), report.toString());
			assertEquals(3, report.results().size());
			assertTrue(agents.get(0).tracepoint("op").enabledFor("create"));
			assertFalse(agents.get(1).tracepoint("op").enabledFor("create"), "compute got none of it");
			assertTrue(agents.get(2).tracepoint("deep").enabledFor("create"));
			List<String> unreachable = new ArrayList<>();
			assertEquals(Set.of(new Toggle("gateway:op", "create"), new Toggle("storage:op", "create"),
					new Toggle("storage:deep", "create")), client.reportedState(unreachable).toggles());
			assertEquals(List.of(), unreachable);

			// the compute agent dies: the push reports it, the others keep what they got, nothing claims success
			agents.get(1).close();
			ControlClient.PushReport partial = client.push(enable(new Toggle("gateway:more", "create"), new Toggle("compute:op", "create")));
			assertFalse(partial.complete());
			ControlClient.AgentResult compute = partial.results().get(1);
			assertEquals("compute", compute.agent());
			assertEquals(ControlClient.Outcome.UNREACHABLE, compute.outcome());
			assertTrue(compute.detail().contains("after 3 attempts"), compute.detail());
			assertEquals(ControlClient.Outcome.APPLIED, partial.results().get(0).outcome());
			assertTrue(agents.get(0).tracepoint("more").enabledFor("create"));
			client.reportedState(unreachable);
			assertEquals(1, unreachable.size());
			assertTrue(unreachable.get(0).startsWith("compute"), unreachable.toString());
		} finally {
			agents.forEach(Agent::close);
		}
	}

	@Test
	void aWrongTokenIsRefusedNotApplied() throws Exception {
		try (Agent a = Agent.start(Agent.Config.of("api", null, "right"));
				ControlClient client = new ControlClient(List.of(new AgentEndpoint("api", a.controlUri(), "wrong")), 10)) {
			ControlClient.PushReport r = client.push(enable(new Toggle("api:op", "create")));
			assertEquals(ControlClient.Outcome.REFUSED, r.results().get(0).outcome());
			assertTrue(r.results().get(0).detail().contains("401"), r.results().get(0).detail());
			assertEquals(0, a.version());
		}
	}
}
