// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.agent.Agent;
import io.pythia.agent.Span;
import io.pythia.agent.TraceContext;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.search.Budget;
import io.pythia.search.CycleEngine;
import io.pythia.search.HierarchicalSearch;
import io.pythia.search.SearchSpace;
import io.pythia.search.StopReason;

/**
 * The whole loop against live agents: a workload runs through two instrumented services whose deepest step has a
 * random delay; the engine learns the search space from the running system, starts from the skeleton, and on
 * autopilot collects, analyses, proposes and pushes until the delay is localized.
 */
class LiveInvestigationTest {

	@TempDir
	Path dir;

	@Test
	void localizesARandomDelayAgainstRunningAgents() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		Thread workload = null;
		try (LiveSystem live = new LiveSystem(0, Duration.ofMillis(900), 150)) {
			URI otlp = URI.create("http://127.0.0.1:" + live.otlpPort() + "/v1/traces");
			try (Agent front = Agent.start(Agent.Config.of("front", otlp, "t1").withQueue(10_000, 256, 50));
					Agent back = Agent.start(Agent.Config.of("back", otlp, "t2").withQueue(10_000, 256, 50))) {
				live.connect(List.of(new AgentEndpoint("front", front.controlUri(), "t1"),
						new AgentEndpoint("back", back.controlUri(), "t2")));
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

				SearchSpace space = live.learnSearchSpace(RequestTypeRule.ROOT_OPERATION);
				assertEquals(java.util.Set.of("create"), space.requestTypes());
				assertEquals(7, space.size(), "2 front + 5 back tracepoints");
				assertEquals(2, space.skeleton().count());
				List<String> unreachable = new ArrayList<>();
				assertEquals(space.skeleton().toggles(), live.reportedState(unreachable).toggles(),
						"after learning, the agents are back to the skeleton");

				CycleEngine engine = CycleEngine.open(dir.resolve("live.jsonl"), space, new HierarchicalSearch(1),
						new CycleEngine.Options(new Budget(3, 100), 8, 0.5, 3, AnalysisOptions.DEFAULTS, true), live);
				engine.run();
				assertEquals(StopReason.LOCALIZED, engine.stopReason(), engine.history().toString());
				assertEquals("back:store.write.fsync", engine.localizedTracepoint());
				assertTrue(engine.cycle() <= 5, "cycles " + engine.cycle());
				assertEquals(engine.state().toggles(), live.reportedState(unreachable).toggles(),
						"the agents have what the engine pushed");
				assertTrue(live.lastPush().complete());
				engine.close();
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
