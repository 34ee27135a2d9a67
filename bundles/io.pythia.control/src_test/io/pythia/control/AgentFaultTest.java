// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pythia.agent.Agent;
import io.pythia.search.InstrumentationState;
import io.pythia.search.InstrumentationState.Toggle;

/**
 * An agent in its own JVM is killed with SIGKILL between two pushes: the push says which agent it did not reach and
 * is not counted as done, the other agent keeps the new state, and once the service is back the same push is
 * applied everywhere, together with the earlier toggles the restarted service lost.
 */
class AgentFaultTest {

	@Test
	void aKilledAgentIsReportedAndTheSamePushReachesItWhenItIsBack() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		Process back = startChild(port);
		try (Agent front = Agent.start(Agent.Config.of("front", null, "t1"));
				LiveSystem live = new LiveSystem(0, Duration.ofMillis(100), 50)) {
			front.tracepoint("op");
			live.connect(List.of(new AgentEndpoint("front", front.controlUri(), "t1"),
					new AgentEndpoint("back", java.net.URI.create("http://127.0.0.1:" + port + "/"), "t2")));
			InstrumentationState.Diff first = new InstrumentationState.Diff(Set.of(new Toggle("front:op", "create"),
					new Toggle("back:op", "create")), Set.of());
			live.push(first);
			assertTrue(live.lastPush().complete());

			back.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
			assertTrue(back.waitFor(10, TimeUnit.SECONDS));
			InstrumentationState.Diff second = new InstrumentationState.Diff(Set.of(new Toggle("front:deep", "create"),
					new Toggle("back:deep", "create")), Set.of());
			front.tracepoint("deep");
			IOException e = assertThrows(IOException.class, () -> live.push(second));
			assertTrue(e.getMessage().contains("back unreachable"), e.getMessage());
			assertFalse(live.lastPush().complete(), "a partial push is not a success");
			assertEquals(ControlClient.Outcome.APPLIED, live.lastPush().results().get(0).outcome());
			assertTrue(front.tracepoint("deep").enabledFor("create"), "the agent that got it keeps the new state");
			List<String> unreachable = new ArrayList<>();
			live.reportedState(unreachable);
			assertEquals(1, unreachable.size(), unreachable.toString());

			back = startChild(port); // the service restarts, with its own defaults: back:op is off again
			InstrumentationState target = InstrumentationState.of(List.of(new Toggle("front:op", "create"),
					new Toggle("back:op", "create"), new Toggle("front:deep", "create"), new Toggle("back:deep", "create")));
			live.push(second, target); // what the cycle engine does on its next run
			assertTrue(live.lastPush().complete(), live.lastPush().toString());
			unreachable.clear();
			Set<Toggle> reported = live.reportedState(unreachable).toggles();
			assertEquals(List.of(), unreachable);
			assertTrue(reported.containsAll(second.enabled()), "every agent has the re-pushed toggles: " + reported);
			assertTrue(reported.contains(new Toggle("front:op", "create")), "front kept the first push too");
			assertTrue(reported.contains(new Toggle("back:op", "create")), "the restarted agent got back what it lost: " + reported);
			assertTrue(live.lastPush().results().get(1).detail().contains("1 toggle(s) it had lost restored"),
					live.lastPush().results().get(1).detail());

			long versionBefore = live.lastPush().results().get(0).version();
			live.push(new InstrumentationState.Diff(Set.of(), Set.of()), target); // nothing new, nothing lost
			assertTrue(live.lastPush().complete());
			assertEquals("nothing to change", live.lastPush().results().get(0).detail());
			assertEquals(versionBefore, live.lastPush().results().get(0).version(), "no batch was sent");
		} finally {
			back.destroyForcibly();
		}
	}

	private static Process startChild(int port) throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				AgentChild.class.getName(), "back", Integer.toString(port), "t2").redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("ready ")) {
				return p;
			}
		}
		throw new IOException("the agent process ended before it was ready (exit " + p.exitValue() + ")");
	}
}
