// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.agent.Agent;
import io.pythia.agent.Span;
import io.pythia.agent.TraceContext;
import io.pythia.control.AgentEndpoint;
import io.pythia.search.CycleEngine;
import io.pythia.search.JournalRecord;

/**
 * The whole loop against live agents: a workload runs through two instrumented services whose deepest step has a
 * random delay. The investigation learns the search space from the running system, starts from the skeleton, runs
 * its first cycle with approval by hand, is dropped as a crash would drop it, and resumed from its journal on
 * autopilot until the delay is localized.
 */
class LiveInvestigationTest {

	@TempDir
	Path dir;

	@Test
	void localizesARandomDelayAgainstRunningAgentsAcrossAResume() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		Thread workload = null;
		int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		URI otlp = URI.create("http://127.0.0.1:" + port + "/v1/traces");
		try (Agent front = Agent.start(Agent.Config.of("front", otlp, "t1").withQueue(10_000, 256, 50));
				Agent back = Agent.start(Agent.Config.of("back", otlp, "t2").withQueue(10_000, 256, 50))) {
			AgentEndpoint.Connection connection = new AgentEndpoint.Connection(List.of(
					new AgentEndpoint("front", front.controlUri(), "t1"), new AgentEndpoint("back", back.controlUri(), "t2")), port);
			Path connectionFile = dir.resolve("connection.json");
			AgentEndpoint.write(connection, connectionFile);
			front.tracepoint("validate");
			for (String op : List.of("store.index", "store.write", "store.write.encode", "store.write.fsync")) {
				back.tracepoint(op);
			}
			// the skeleton is on from the start: the entry points of both services
			front.apply(null, 0, List.of(new Agent.Toggle("front:create", "create", true)));
			back.apply(null, 0, List.of(new Agent.Toggle("back:store", "create", true)));
			workload = Thread.ofPlatform().daemon().start(() -> {
				Random random = new Random(3);
				while (running.get()) {
					try (Span r = front.tracepoint("create").begin("create", null)) {
						work(front, "validate", 1);
						// as if called over HTTP: the back end continues the caller's context
						try (Span s = back.tracepoint("store").begin("create", TraceContext.current())) {
							work(back, "store.index", 1);
							try (Span w = back.tracepoint("store.write").enter()) {
								work(back, "store.write.encode", 1);
								try (Span f = back.tracepoint("store.write.fsync").enter()) {
									sleep(1 + (long) (-Math.log(1 - random.nextDouble()) * 4));
								}
							}
						}
					}
					sleep(5);
				}
			});

			InvestigationSettings settings = new InvestigationSettings(0.05, 4, 3, 1.0, "hierarchical", 0.5, 8, 0.9);
			List<LiveInvestigation.CycleAnalysis> analysed = new CopyOnWriteArrayList<>();
			List<LiveInvestigation.Snapshot> seen = new CopyOnWriteArrayList<>();
			LiveInvestigation.Listener listener = new LiveInvestigation.Listener() {
				@Override
				public void analysed(LiveInvestigation.CycleAnalysis a) {
					analysed.add(a);
				}

				@Override
				public void changed(LiveInvestigation.Snapshot s) {
					seen.add(s);
				}
			};
			Path journal;
			try (LiveInvestigation first = LiveInvestigation.start(connection, connectionFile, dir, settings, List.of(listener),
					io.pythia.core.Progress.NONE)) {
				journal = first.journal();
				assertEquals(java.util.Set.of("create"), first.space().requestTypes());
				assertEquals(7, first.space().size(), "2 front + 5 back tracepoints");
				assertEquals(2, first.space().skeleton().count());
				List<String> unreachable = new ArrayList<>();
				assertEquals(first.space().skeleton().toggles(), first.reportedState(unreachable).toggles(),
						"after learning, the agents are back to the skeleton");

				first.advance();
				LiveInvestigation.Snapshot s = first.snapshot();
				assertEquals(CycleEngine.Phase.AWAITING_APPROVAL, s.phase(), "nothing is pushed without approval");
				assertEquals(1, s.cycle());
				assertTrue(!s.proposals().isEmpty());
				assertEquals(1, analysed.size(), "the window was analysed once, and the listener heard of it");
				assertTrue(analysed.get(0).traces().size() > 10, analysed.get(0).traces().size() + " traces");
				assertEquals(s, seen.get(seen.size() - 1), "the listener saw the last snapshot");
				first.decide(0, CycleEngine.Decision.APPROVED);
				// dropped here, as a crash would: the decision is in the journal, the push is not done
			}

			seen.clear();
			try (LiveInvestigation resumed = LiveInvestigation.resume(journal, settings, c -> c, List.of(listener))) {
				LiveInvestigation.Snapshot s = resumed.snapshot();
				assertEquals(CycleEngine.Phase.AWAITING_APPROVAL, s.phase());
				assertEquals(java.util.Map.of(0, CycleEngine.Decision.APPROVED), s.decisions(), "the decision survived");
				resumed.runToEnd(3, e -> {
					throw new AssertionError(e);
				});
				s = resumed.snapshot();
				assertEquals("localized", s.stopReason(), resumed.journal().toString());
				assertEquals("back:store.write.fsync", s.localizedTracepoint());
				assertTrue(s.cycle() <= 5, "cycles " + s.cycle());
				List<String> unreachable = new ArrayList<>();
				assertEquals(s.state().toggles(), resumed.reportedState(unreachable).toggles(),
						"the agents have what the investigation pushed");
				assertTrue(s.lastPush().complete());
				assertNull(s.lastError());
				assertEquals(s.cycle(), s.history().size(), "one history row per cycle, the resumed ones included");
				assertEquals(s.cycle(), resumed.report(0).cycles(), "the report counts the whole session");
				long pushes = JsonlJournal.read(journal).records().stream().filter(r -> r instanceof JournalRecord.Pushed).count();
				assertTrue(pushes >= 2, pushes + " pushes journaled");
			}
		} finally {
			running.set(false);
			if (workload != null) {
				workload.join(2_000);
			}
		}
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
}
