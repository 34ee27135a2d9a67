// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;

class CycleEngineTest {

	private static final String TRUTH = "svc3:create.call3.step2.sub3";

	@TempDir
	Path dir;

	private static CycleEngine.Options options(boolean autopilot) {
		return new CycleEngine.Options(new Budget(3, 1000), 20, 0.5, 3, AnalysisOptions.DEFAULTS, autopilot);
	}

	@Test
	void aPushThatFailsIsPushedAgainOnTheNextRun() throws Exception {
		List<Trace> corpus = new LayeredCorpus(32, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem replayed = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		List<InstrumentationState.Diff> attempts = new ArrayList<>();
		boolean[] agentDown = { false };
		CycleEngine.ConnectedSystem flaky = new CycleEngine.ConnectedSystem() {
			@Override
			public List<Trace> collect() throws java.io.IOException {
				return replayed.collect();
			}

			@Override
			public void push(InstrumentationState.Diff diff) throws java.io.IOException {
				attempts.add(diff);
				if (agentDown[0]) {
					throw new java.io.IOException("the push reached not every agent: back unreachable");
				}
				replayed.push(diff);
			}
		};
		CycleEngine engine = CycleEngine.open(dir.resolve("flaky.jsonl"), space, new HierarchicalSearch(1), options(true), flaky);
		agentDown[0] = true; // an agent dies before the first push
		assertThrows(java.io.IOException.class, engine::run);
		assertEquals(CycleEngine.Phase.PUSHING, engine.phase(), "a failed push is not counted as done");
		assertEquals(1, engine.cycle());
		assertEquals(space.skeleton().toggles(), engine.state().toggles(), "the state stays what the agents surely have");
		agentDown[0] = false; // it is back
		engine.run();
		assertTrue(attempts.size() >= 2);
		assertEquals(attempts.get(0), attempts.get(1), "the next run pushes the same toggles again");
		assertEquals(StopReason.LOCALIZED, engine.stopReason());
		assertEquals(engine.state().toggles(), replayed.instrumentation().toggles());
		engine.close();
	}

	@Test
	void autopilotLocalizesAndTheJournalReopensToTheSameSession() throws Exception {
		List<Trace> corpus = new LayeredCorpus(31, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem system = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		Path journal = dir.resolve("session.jsonl");
		CycleEngine engine = CycleEngine.open(journal, space, new HierarchicalSearch(1), options(true), system);
		engine.run();
		assertEquals(CycleEngine.Phase.STOPPED, engine.phase());
		assertEquals(StopReason.LOCALIZED, engine.stopReason());
		assertEquals(TRUTH, engine.localizedTracepoint());
		assertEquals(engine.state().toggles(), system.instrumentation().toggles(), "the agents have what was pushed");
		assertTrue(system.pushes() > 0);
		engine.close();

		CycleEngine again = CycleEngine.open(journal, space, new HierarchicalSearch(1), options(true), system);
		assertEquals(CycleEngine.Phase.STOPPED, again.phase());
		assertEquals(TRUTH, again.localizedTracepoint());
		assertEquals(engine.state().toggles(), again.state().toggles());
		assertEquals(engine.history().size(), again.history().size());
		assertEquals(List.of("start", "phase", "phase", "proposals"),
				again.history().subList(0, 4).stream().map(r -> r.get("type")).toList());
		again.close();

		// a write torn by a crash leaves half a line: it is skipped, the rest stands
		Files.writeString(journal, "{\"type\":\"decision\",\"cyc", java.nio.file.StandardOpenOption.APPEND);
		CycleEngine torn = CycleEngine.open(journal, space, new HierarchicalSearch(1), options(true), system);
		assertEquals(1, torn.skippedJournalLines());
		assertEquals(CycleEngine.Phase.STOPPED, torn.phase());
		assertEquals(engine.state().toggles(), torn.state().toggles());
		torn.close();
	}

	@Test
	void approvalIsPerProposalWithRejectAndScopeEdit() throws Exception {
		List<Trace> corpus = new LayeredCorpus(32, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem system = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		CycleEngine engine = CycleEngine.open(dir.resolve("manual.jsonl"), space, new HierarchicalSearch(1),
				options(false), system);
		engine.run();
		assertEquals(CycleEngine.Phase.AWAITING_APPROVAL, engine.phase(), "nothing is pushed without approval");
		assertEquals(0, system.pushes());
		List<Proposal> proposals = engine.proposals();
		assertEquals(3, proposals.size());
		engine.decide(0, CycleEngine.Decision.APPROVED);
		engine.decide(1, CycleEngine.Decision.REJECTED);
		assertFalse(engine.step(), "still waiting for proposal 2");
		engine.decide(2, CycleEngine.Decision.APPROVED, "delete");
		assertThrows(IllegalStateException.class, () -> engine.decide(7, CycleEngine.Decision.APPROVED));
		engine.step(); // to pushing
		engine.step(); // push
		assertEquals(1, system.pushes());
		Set<InstrumentationState.Toggle> enabled = new HashSet<>(system.instrumentation().toggles());
		enabled.removeAll(space.skeleton().toggles());
		assertEquals(Set.of(proposals.get(0).toggle(),
				new InstrumentationState.Toggle(proposals.get(2).toggle().tracepoint(), "delete")), enabled);
		assertEquals(CycleEngine.Phase.COLLECTING, engine.phase());
		assertEquals(2, engine.cycle());
		engine.close();
	}

	/**
	 * A real second JVM works through a session and is killed with SIGKILL at random points, again and again; every
	 * decision it reported as made must be in the reopened session, which then finishes the investigation.
	 */
	@Test
	void killedSessionsLoseNoDecision() throws Exception {
		Path journal = dir.resolve("killed.jsonl");
		Random random = new Random(5);
		List<String> reported = Collections.synchronizedList(new ArrayList<>());
		boolean finished = false;
		int kills = 0;
		for (int run = 0; run < 8 && !finished; run++) {
			Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
					JournalChild.class.getName(), journal.toString(), "150").redirectErrorStream(true).start();
			List<String> lines = Collections.synchronizedList(new ArrayList<>());
			Thread reader = new Thread(() -> {
				try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = r.readLine()) != null;) {
						lines.add(line);
					}
				} catch (java.io.IOException e) {
					// the child was killed
				}
			});
			reader.start();
			// the first runs are killed at random points; the last one may finish
			boolean exited = child.waitFor(run < 6 ? 300 + random.nextInt(1200) : 120_000, TimeUnit.MILLISECONDS);
			if (!exited) {
				child.destroyForcibly(); // SIGKILL
				child.waitFor(10, TimeUnit.SECONDS);
				kills++;
			}
			reader.join(5_000);
			for (String line : lines) {
				if (line.startsWith("DECIDED ")) {
					reported.add(line.substring(8));
				} else if (line.startsWith("STOPPED ")) {
					finished = true;
				} else if (!line.isBlank()) {
					throw new AssertionError("child said: " + line + "\n" + String.join("\n", lines));
				}
			}
		}
		assertTrue(kills >= 3, "the child was killed " + kills + " times");
		assertFalse(reported.isEmpty(), "some decisions were made before the kills");

		List<Trace> corpus = new LayeredCorpus(21, "create", JournalChild.TRUTH).traces(30);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		CycleEngine engine = JournalChild.open(journal, space, corpus);
		Set<String> journaled = new HashSet<>();
		for (Map<String, Object> r : engine.history()) {
			if ("decision".equals(r.get("type"))) {
				journaled.add(r.get("cycle") + " " + r.get("index"));
			}
		}
		for (String d : reported) {
			assertTrue(journaled.contains(d), "decision " + d + " reported before a kill is in the journal " + journaled);
		}
		// the reopened session goes on to the end
		while (engine.phase() != CycleEngine.Phase.STOPPED) {
			engine.run();
			for (int i = 0; i < engine.proposals().size(); i++) {
				if (engine.phase() == CycleEngine.Phase.AWAITING_APPROVAL && !engine.decisions().containsKey(i)) {
					engine.decide(i, CycleEngine.Decision.APPROVED);
				}
			}
		}
		assertEquals(StopReason.LOCALIZED, engine.stopReason());
		assertEquals(JournalChild.TRUTH, engine.localizedTracepoint());
		System.out.printf("journal: %d kills, %d decisions reported before kills, all %d in the journal; %d unreadable line(s) skipped%n",
				kills, reported.size(), journaled.size(), engine.skippedJournalLines());
		engine.close();
		assertTrue(Files.size(journal) > 0);
	}

	private static String javaBinary() {
		return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}
}
