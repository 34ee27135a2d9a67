// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceRestriction;

class CycleEngineTest {

	private static final String TRUTH = "svc3:create.call3.step2.sub3";

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
		CycleEngine engine = CycleEngine.open(Journal.inMemory(), space, new HierarchicalSearch(1), options(true), flaky);
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
	void autopilotLocalizesAndItsJournalResumesTheSessionFromAnyRecord() throws Exception {
		List<Trace> corpus = new LayeredCorpus(31, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem system = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		Journal journal = Journal.inMemory();
		List<JournalRecord> written = new ArrayList<>();
		CycleEngine engine = CycleEngine.open(new Journal() {
			@Override
			public List<JournalRecord> records() {
				return journal.records();
			}

			@Override
			public void append(JournalRecord record, boolean durable) {
				written.add(record);
			}
		}, space, new HierarchicalSearch(1), options(true), system);
		engine.run();
		assertEquals(CycleEngine.Phase.STOPPED, engine.phase());
		assertEquals(StopReason.LOCALIZED, engine.stopReason());
		assertEquals(TRUTH, engine.localizedTracepoint());
		assertEquals(engine.state().toggles(), system.instrumentation().toggles(), "the agents have what was pushed");
		assertTrue(system.pushes() > 0);
		assertEquals(written, engine.history(), "every record went to the journal");
		engine.close();

		CycleEngine again = CycleEngine.open(Journal.inMemory(written), space, new HierarchicalSearch(1), options(true), system);
		assertEquals(CycleEngine.Phase.STOPPED, again.phase());
		assertEquals(TRUTH, again.localizedTracepoint());
		assertEquals(engine.state().toggles(), again.state().toggles());
		assertEquals(engine.history(), again.history());
		assertEquals(List.of(JournalRecord.Start.class, JournalRecord.PhaseChange.class, JournalRecord.PhaseChange.class,
				JournalRecord.Proposals.class), again.history().subList(0, 4).stream().map(Object::getClass).toList());
		again.close();

		// cut anywhere, the session resumes from what was kept, and an autopilot run ends where the whole one did
		for (int cut = 1; cut < written.size(); cut += 3) {
			ReplayedSystem resumed = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
			CycleEngine partial = CycleEngine.open(Journal.inMemory(written.subList(0, cut)), space,
					new HierarchicalSearch(1), options(true), resumed);
			resumed.instrumentation(partial.state());
			partial.run();
			assertEquals(StopReason.LOCALIZED, partial.stopReason(), "resumed after " + cut + " records");
			assertEquals(TRUTH, partial.localizedTracepoint(), "resumed after " + cut + " records");
		}
	}

	@Test
	void aSystemThatAnalysesItsOwnWindowsIsFollowedOnItsReports() throws Exception {
		List<Trace> corpus = new LayeredCorpus(31, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem replayed = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		List<Integer> tracesSeen = new ArrayList<>();
		CycleEngine.ConnectedSystem streamed = new CycleEngine.ConnectedSystem() {
			@Override
			public List<Trace> collect() {
				throw new AssertionError("a streamed system's traces never come to the engine");
			}

			@Override
			public CycleEngine.Window collectWindow() throws java.io.IOException {
				io.pythia.core.analysis.Analysis elsewhere = new io.pythia.core.analysis.Analysis(AnalysisOptions.DEFAULTS);
				replayed.collect().forEach(elsewhere::accept);
				return new CycleEngine.Window(List.of(), elsewhere.report());
			}

			@Override
			public void push(InstrumentationState.Diff diff) throws java.io.IOException {
				replayed.push(diff);
			}
		};
		CycleEngine engine = CycleEngine.open(Journal.inMemory(), space, new HierarchicalSearch(1), options(true), streamed);
		engine.observe((cycle, traces, earlier, report) -> tracesSeen.add(traces.size()));
		engine.run();
		assertEquals(StopReason.LOCALIZED, engine.stopReason());
		assertEquals(TRUTH, engine.localizedTracepoint());
		assertFalse(tracesSeen.isEmpty());
		assertTrue(tracesSeen.stream().allMatch(n -> n == 0), "observers get the report without traces");
		engine.close();
	}

	@Test
	void earlierWindowsArePooledForTheRequestTypesWhoseInstrumentationDidNotChange() throws Exception {
		SearchSpace space = SearchSpace.build(new LayeredCorpus(31, "create", TRUTH).traces(40), RequestTypeRule.ROOT_OPERATION);
		// on autopilot only create's instrumentation changes, every cycle: delete's and list's earlier windows join
		List<Seen> seen = pooledRun(space, true, 10);
		assertEquals(3, seen.size(), "the search's cycles");
		for (Seen s : seen) {
			assertPooled(s, List.of("delete", "list"), s.cycle() - 1);
		}
		// every proposal rejected: nothing changes, each type's latest windows join, as many as are pooled at most
		seen = pooledRun(space, false, CycleEngine.POOLED_WINDOWS + 2);
		assertEquals(CycleEngine.POOLED_WINDOWS + 2, seen.size());
		for (Seen s : seen) {
			assertPooled(s, LayeredCorpus.TYPES, Math.min(s.cycle() - 1, CycleEngine.POOLED_WINDOWS - 1));
		}

		// a replayed corpus gives the same requests every cycle: none is counted twice
		ReplayedSystem replayed = new ReplayedSystem(new LayeredCorpus(31, "create", TRUTH).traces(40),
				RequestTypeRule.ROOT_OPERATION, space.skeleton());
		List<Integer> earlier = new ArrayList<>();
		CycleEngine again = CycleEngine.open(Journal.inMemory(), space, new HierarchicalSearch(1), options(true), replayed);
		again.observe((cycle, traces, e, report) -> earlier.add(e));
		again.run();
		assertTrue(earlier.size() > 1);
		assertTrue(earlier.stream().allMatch(e -> e == 0), "pooled from a replay: " + earlier);
		again.close();
	}

	/** What an observer saw of a cycle: the traces, and of those pooled from earlier windows, the types and windows. */
	private record Seen(int cycle, int traces, int earlier, Set<String> earlierTypes, Set<String> earlierWindows,
			long reported) {
	}

	private static void assertPooled(Seen s, List<String> types, int windows) {
		assertEquals(40 * types.size() * windows, s.earlier(), "cycle " + s.cycle());
		assertEquals(120 + s.earlier(), s.traces());
		assertEquals(s.traces(), s.reported(), "the report is of every trace the observer got");
		Set<String> expected = new HashSet<>();
		for (int w = s.cycle() - windows; w < s.cycle(); w++) {
			expected.add("w" + w);
		}
		assertEquals(expected, s.earlierWindows(), "the latest windows, cycle " + s.cycle());
		assertEquals(windows == 0 ? Set.of() : Set.copyOf(types), s.earlierTypes(), "cycle " + s.cycle());
	}

	/**
	 * Cycles on a live-like system, whose every window holds other requests of the three types, recorded with what is
	 * enabled then; approved on autopilot, or every proposal rejected, for at most {@code cycles} cycles.
	 */
	private static List<Seen> pooledRun(SearchSpace space, boolean autopilot, int cycles) throws Exception {
		InstrumentationState[] on = { space.skeleton() };
		int[] window = { 0 };
		CycleEngine.ConnectedSystem live = new CycleEngine.ConnectedSystem() {
			@Override
			public List<Trace> collect() throws java.io.IOException {
				window[0]++;
				try {
					List<Trace> out = new ArrayList<>();
					for (Trace t : new LayeredCorpus(100 + window[0], "create", TRUTH).traces(40, "w" + window[0] + "-")) {
						String type = RequestTypeRule.ROOT_OPERATION.requestType(t);
						out.add(TraceRestriction.restrict(t, e -> on[0].enabled(t.tracepoint(e), type)));
					}
					return out;
				} catch (Exception e) {
					throw new java.io.IOException(e);
				}
			}

			@Override
			public void push(InstrumentationState.Diff diff) {
				on[0] = on[0].without(diff.disabled()).with(diff.enabled());
			}
		};
		List<Seen> seen = new ArrayList<>();
		CycleEngine engine = CycleEngine.open(Journal.inMemory(), space, new HierarchicalSearch(1), options(autopilot), live);
		engine.observe((cycle, traces, earlier, report) -> {
			List<Trace> pooled = traces.subList(traces.size() - earlier, traces.size());
			seen.add(new Seen(cycle, traces.size(), earlier,
					new HashSet<>(pooled.stream().map(RequestTypeRule.ROOT_OPERATION::requestType).toList()),
					new HashSet<>(pooled.stream().map(t -> t.id().substring(0, t.id().indexOf('-'))).toList()),
					report.traces()));
		});
		while (seen.size() < cycles) {
			engine.run();
			if (engine.phase() == CycleEngine.Phase.STOPPED) {
				assertEquals(TRUTH, engine.localizedTracepoint());
				break;
			}
			for (int i = 0; i < engine.proposals().size(); i++) {
				engine.decide(i, CycleEngine.Decision.REJECTED);
			}
		}
		engine.close();
		return seen;
	}

	@Test
	void approvalIsPerProposalWithRejectAndScopeEdit() throws Exception {
		List<Trace> corpus = new LayeredCorpus(32, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem system = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		CycleEngine engine = CycleEngine.open(Journal.inMemory(), space, new HierarchicalSearch(1),
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

	@Test
	void aStoppedSessionRestoresTheSkeletonAsACycleOfItsOwnAndItsJournalKeepsIt() throws Exception {
		List<Trace> corpus = new LayeredCorpus(31, "create", TRUTH).traces(40);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		ReplayedSystem system = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		CycleEngine engine = CycleEngine.open(Journal.inMemory(), space, new HierarchicalSearch(1), options(false), system);
		engine.run();
		assertThrows(IllegalStateException.class, engine::restore, "only a stopped session is restored");
		while (engine.phase() != CycleEngine.Phase.STOPPED) {
			for (int i = 0; i < engine.proposals().size(); i++) {
				engine.decide(i, CycleEngine.Decision.APPROVED);
			}
			engine.run();
		}
		assertEquals(StopReason.LOCALIZED, engine.stopReason());
		List<Finding> findings = engine.findings();
		int stoppedAt = engine.cycle();
		Set<InstrumentationState.Toggle> extra = new HashSet<>(engine.state().toggles());
		extra.removeAll(space.skeleton().toggles());
		assertFalse(extra.isEmpty(), "the investigation enabled something");
		assertTrue(findings.get(0).evidence() != null && findings.get(0).evidence().latency().count() > 0,
				"a finding keeps its group's figures: " + findings);
		assertEquals(findings.get(0).evidence().latency().count(),
				findings.get(0).evidence().bins().stream().mapToInt(Integer::intValue).sum(), "every trace is in a bin");

		assertTrue(engine.restore());
		assertEquals(CycleEngine.Phase.AWAITING_APPROVAL, engine.phase());
		assertEquals(stoppedAt + 1, engine.cycle());
		assertEquals(extra, Set.copyOf(engine.proposals().stream().map(Proposal::toggle).toList()));
		assertTrue(engine.proposals().stream().allMatch(p -> p.action() == Proposal.Action.DISABLE
				&& Proposal.RESTORE.equals(p.strategy())), engine.proposals().toString());
		int pushes = system.pushes();
		assertFalse(engine.step(), "nothing is pushed without approval");
		assertEquals(pushes, system.pushes());
		List<JournalRecord> beforeDecisions = engine.history();
		InstrumentationState.Toggle kept = engine.proposals().get(0).toggle();
		engine.decide(0, CycleEngine.Decision.REJECTED); // one stays on, by the engineer's choice
		for (int i = 1; i < engine.proposals().size(); i++) {
			engine.decide(i, CycleEngine.Decision.APPROVED);
		}
		engine.run();
		assertEquals(CycleEngine.Phase.STOPPED, engine.phase());
		assertEquals(StopReason.LOCALIZED, engine.stopReason(), "it stops again, for the same reason");
		assertEquals(findings, engine.findings());
		assertEquals(space.skeleton().with(List.of(kept)).toggles(), system.instrumentation().toggles());
		assertEquals(engine.state().toggles(), system.instrumentation().toggles());
		assertTrue(engine.restore(), "the one left on can be restored later");
		engine.decide(0, CycleEngine.Decision.APPROVED);
		engine.run();
		assertEquals(space.skeleton().toggles(), system.instrumentation().toggles(), "the agents run the skeleton");
		assertFalse(engine.restore(), "nothing is left to restore");
		engine.close();

		CycleEngine again = CycleEngine.open(Journal.inMemory(engine.history()), space, new HierarchicalSearch(1),
				options(false), system);
		assertEquals(CycleEngine.Phase.STOPPED, again.phase());
		assertEquals(space.skeleton().toggles(), again.state().toggles());
		assertEquals(findings, again.findings(), "the findings come back from the journal");
		CycleEngine halfway = CycleEngine.open(Journal.inMemory(beforeDecisions), space, new HierarchicalSearch(1),
				options(false), system);
		assertEquals(CycleEngine.Phase.AWAITING_APPROVAL, halfway.phase(), "a restore not yet decided waits again");
		assertEquals(extra.size(), halfway.proposals().size());
	}
}
