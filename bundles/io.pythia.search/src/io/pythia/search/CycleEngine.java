// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.Trace;

/**
 * The investigation cycle: collecting -> analyzing -> proposing -> awaiting approval -> pushing -> collecting, until
 * a stopping condition. Every transition and decision is appended to the session's {@link Journal} (decisions
 * durably), and opening a journal that has records resumes the session where it was, with the same history. Work
 * that is not journaled (collected traces, the analysis) is simply done again after a restart. The connected system
 * is only reached through {@link ConnectedSystem}, so the engine runs against files, a simulator or live agents
 * alike.
 */
public final class CycleEngine {

	public enum Phase {
		COLLECTING, ANALYZING, PROPOSING, AWAITING_APPROVAL, PUSHING, STOPPED
	}

	public enum Decision {
		APPROVED, REJECTED
	}

	/** The system under investigation: where traces come from and where toggles go. */
	public interface ConnectedSystem {

		/** Traces of the next cycle, recorded with the system's current instrumentation. */
		List<Trace> collect() throws IOException;

		/**
		 * The next cycle's window: by default its traces {@link #collect}ed, which the engine analyses. A system
		 * whose traces are analysed where they arrive (a streaming job) gives the report instead.
		 */
		default Window collectWindow() throws IOException {
			return new Window(collect(), null);
		}

		/** Applies a batch of toggles. Pushing the same batch again must be harmless. */
		void push(InstrumentationState.Diff diff) throws IOException;

		/**
		 * Applies a batch of toggles, the instrumentation wanted afterwards being {@code target}: a system whose parts
		 * can lose their toggles (a restarted service) restores them here. Called every cycle, even with nothing new
		 * to push; by default it pushes a non-empty diff only.
		 */
		default void push(InstrumentationState.Diff diff, InstrumentationState target) throws IOException {
			if (!diff.isEmpty()) {
				push(diff);
			}
		}
	}

	/**
	 * One collection window.
	 *
	 * @param traces the traces collected, or none when they were analysed elsewhere
	 * @param report their analysis when it was made elsewhere (with the engine's analysis options), else null
	 */
	public record Window(List<Trace> traces, AnalysisReport report) {
	}

	/** Told of each cycle's analysis, the one the proposals come from (the engine analyses each window once). */
	public interface AnalysisObserver {

		/**
		 * @param traces  the traces analysed: this cycle's window first, then those of earlier windows pooled with it
		 * @param earlier how many of them came from earlier windows ({@link #POOLED_WINDOWS})
		 */
		void analysed(int cycle, List<Trace> traces, int earlier, AnalysisReport report);
	}

	/**
	 * Windows analysed together at most: a cycle's own and earlier ones, for the request types whose instrumentation
	 * has not changed since (their traces mean the same). A share's interval narrows as one over the square root of
	 * the traces, so four windows halve it. In the lab, one 6 s window gives 23-40 traces per create_server group,
	 * where a problem's 0.18 of the variance read [0.02, 0.34] and dropped to 0.02 in the next window: with five
	 * problems at once, the search stopped with two of them unfound. The bound keeps what is pooled recent (four
	 * windows, 24 s by default). Streamed windows, analysed where they arrive, are not pooled.
	 */
	public static final int POOLED_WINDOWS = 4;

	/**
	 * @param budget         per-cycle and total budget
	 * @param maxCycles      cycles at most
	 * @param localizedShare share of the variance that counts as localized
	 * @param boringAfter    cycles off the problem paths before a tracepoint is proposed for disabling
	 * @param analysis       problem-group thresholds and request-type rule
	 * @param autopilot      approve every proposal without asking
	 */
	public record Options(Budget budget, int maxCycles, double localizedShare, int boringAfter,
			AnalysisOptions analysis, boolean autopilot) {
	}

	private final Journal journal;
	private final SearchSpace space;
	private final Options options;
	private final ConnectedSystem system;
	private final CyclePlanner planner;
	private final List<JournalRecord> history = new ArrayList<>();
	private volatile AnalysisObserver observer = (cycle, traces, earlier, report) -> {
	};

	private Phase phase = Phase.COLLECTING;
	private int cycle = 1;
	private InstrumentationState state;
	private List<Proposal> proposals = List.of();
	private final Map<Integer, Decision> decisions = new TreeMap<>();
	private final Map<Integer, String> scopes = new TreeMap<>();
	private StopReason stop;
	private String localized;
	private StopReason pendingStop;
	private String pendingLocalized;
	private Window collected;
	private AnalysisReport report;
	/** Earlier windows' traces, newest first, with the instrumentation they were recorded with; not journaled. */
	private final java.util.ArrayDeque<Recorded> earlier = new java.util.ArrayDeque<>();

	private record Recorded(InstrumentationState state, List<Trace> traces) {
	}

	private CycleEngine(Journal journal, SearchSpace space, SearchStrategy strategy, Options options,
			ConnectedSystem system) throws IOException {
		this.space = space;
		this.options = options;
		this.system = system;
		this.planner = new CyclePlanner(space, strategy, options.budget(), options.localizedShare(),
				options.boringAfter());
		this.journal = journal;
		if (journal.records().isEmpty()) {
			state = space.skeleton();
			record(new JournalRecord.Start(cycle, now(), List.copyOf(state.toggles())), true);
		} else {
			for (JournalRecord r : journal.records()) {
				replay(r);
			}
			// collected traces and the analysis are not kept: a cycle caught in them collects again
			if (phase == Phase.ANALYZING || phase == Phase.PROPOSING) {
				phase = Phase.COLLECTING;
			}
		}
	}

	/** Opens a session: a new one if the journal has no records, else resumes it. */
	public static CycleEngine open(Journal journal, SearchSpace space, SearchStrategy strategy, Options options,
			ConnectedSystem system) throws IOException {
		return new CycleEngine(journal, space, strategy, options, system);
	}

	/** Who hears of each cycle's analysis. */
	public void observe(AnalysisObserver observer) {
		this.observer = observer;
	}

	/**
	 * Makes one transition.
	 *
	 * @return false when the engine waits for approvals or has stopped
	 */
	public boolean step() throws IOException {
		switch (phase) {
		case COLLECTING -> {
			collected = system.collectWindow();
			transition(Phase.ANALYZING);
		}
		case ANALYZING -> {
			List<Trace> analysed = collected.traces();
			if (collected.report() != null) {
				report = collected.report();
			} else {
				analysed = new ArrayList<>(collected.traces());
				analysed.addAll(pooled(collected.traces()));
				Analysis analysis = new Analysis(options.analysis());
				analysed.forEach(analysis::accept);
				report = analysis.report();
				earlier.addFirst(new Recorded(state, collected.traces()));
				while (earlier.size() >= POOLED_WINDOWS) {
					earlier.removeLast();
				}
			}
			observer.analysed(cycle, analysed, analysed.size() - collected.traces().size(), report);
			collected = null;
			transition(Phase.PROPOSING);
		}
		case PROPOSING -> {
			CyclePlanner.Plan plan = planner.plan(cycle, report, state);
			for (Finding f : plan.found()) {
				record(new JournalRecord.Localized(cycle, now(), f), true);
			}
			if (plan.stop() != null && plan.proposals().isEmpty() || cycle > options.maxCycles()) {
				finish(cycle > options.maxCycles() ? StopReason.MAX_CYCLES : plan.stop(), plan.localized());
				return false;
			}
			proposals = plan.proposals();
			decisions.clear();
			scopes.clear();
			record(new JournalRecord.Proposals(cycle, now(), proposals, plan.stop(),
					plan.stop() == null ? null : plan.localized()), true);
			phase = Phase.AWAITING_APPROVAL;
			pendingStop = plan.stop();
			pendingLocalized = plan.localized();
		}
		case AWAITING_APPROVAL -> {
			if (options.autopilot()) {
				for (int i = 0; i < proposals.size(); i++) {
					if (!decisions.containsKey(i)) {
						decide(i, Decision.APPROVED);
					}
				}
			}
			if (decisions.size() < proposals.size()) {
				return false;
			}
			transition(Phase.PUSHING);
		}
		case PUSHING -> {
			InstrumentationState target = approvedState();
			InstrumentationState.Diff diff = state.diff(target);
			system.push(diff, target);
			record(new JournalRecord.Pushed(cycle, now(), List.copyOf(diff.enabled()),
					List.copyOf(diff.disabled())), true);
			state = target;
			proposals = List.of();
			if (pendingStop != null) {
				finish(pendingStop, pendingLocalized);
				return false;
			}
			cycle++;
			phase = Phase.COLLECTING;
			record(new JournalRecord.PhaseChange(cycle, now(), phase), false);
		}
		case STOPPED -> {
			return false;
		}
		}
		return true;
	}

	/**
	 * The traces of earlier windows that go with this one's: newest first, of each request type as far back as its
	 * toggles are the same as now. A trace already analysed (a replayed corpus gives the same requests every cycle)
	 * is not counted twice.
	 */
	private List<Trace> pooled(List<Trace> window) {
		List<Trace> out = new ArrayList<>();
		Set<String> seen = new java.util.HashSet<>();
		window.forEach(t -> seen.add(t.id()));
		Set<String> changed = new java.util.HashSet<>();
		Map<String, Set<InstrumentationState.Toggle>> now = byRequestType(state);
		for (Recorded w : earlier) {
			Map<String, Set<InstrumentationState.Toggle>> then = byRequestType(w.state());
			for (String type : now.keySet()) {
				if (!now.get(type).equals(then.get(type))) {
					changed.add(type);
				}
			}
			for (String type : then.keySet()) {
				if (!now.containsKey(type)) {
					changed.add(type);
				}
			}
			for (Trace t : w.traces()) {
				if (!changed.contains(options.analysis().requestTypeRule().requestType(t)) && seen.add(t.id())) {
					out.add(t);
				}
			}
		}
		return out;
	}

	private static Map<String, Set<InstrumentationState.Toggle>> byRequestType(InstrumentationState s) {
		Map<String, Set<InstrumentationState.Toggle>> out = new java.util.HashMap<>();
		for (InstrumentationState.Toggle t : s.toggles()) {
			out.computeIfAbsent(t.requestType(), k -> new java.util.HashSet<>()).add(t);
		}
		return out;
	}

	/** Steps until the engine waits for approval or stops. */
	public void run() throws IOException {
		while (step()) {
			// each step journals itself
		}
	}

	/** Approves or rejects proposal {@code index} of the current cycle. */
	public void decide(int index, Decision decision) throws IOException {
		decide(index, decision, null);
	}

	/**
	 * Decides on a proposal, optionally widening or moving its scope to another request type ("edit scope").
	 */
	public void decide(int index, Decision decision, String requestType) throws IOException {
		if (phase != Phase.AWAITING_APPROVAL || index < 0 || index >= proposals.size()) {
			throw new IllegalStateException("no proposal " + index + " awaits a decision (phase " + phase + ")");
		}
		decisions.put(index, decision);
		if (requestType != null) {
			scopes.put(index, requestType);
		}
		record(new JournalRecord.Decided(cycle, now(), index, decision, requestType), true);
	}

	/**
	 * After a stop, proposes turning back to the skeleton what the investigation enabled (its lean traces exported,
	 * its instrumentation is no longer needed). The proposals are a cycle of their own, decided and pushed like any
	 * other; the session then stops again, for the reason it stopped before, and its findings stay.
	 *
	 * @return false when nothing beyond the skeleton is enabled (nothing is proposed)
	 * @throws IllegalStateException when the session has not stopped
	 */
	public boolean restore() throws IOException {
		if (phase != Phase.STOPPED) {
			throw new IllegalStateException("the instrumentation is restored after the session stops (phase " + phase + ")");
		}
		List<Proposal> items = new ArrayList<>();
		for (InstrumentationState.Toggle t : new java.util.TreeSet<>(state.toggles())) {
			if (!space.skeleton().enabled(t.tracepoint(), t.requestType())) {
				items.add(new Proposal(Proposal.Action.DISABLE, t, Proposal.RESTORE, null, null, 0,
						"back to the skeleton: enabled during the investigation"));
			}
		}
		if (items.isEmpty()) {
			return false;
		}
		cycle++;
		proposals = items;
		decisions.clear();
		scopes.clear();
		pendingStop = stop;
		pendingLocalized = localized;
		record(new JournalRecord.Proposals(cycle, now(), proposals, pendingStop, pendingLocalized), true);
		phase = Phase.AWAITING_APPROVAL;
		return true;
	}

	private InstrumentationState approvedState() {
		List<InstrumentationState.Toggle> enable = new ArrayList<>();
		List<InstrumentationState.Toggle> disable = new ArrayList<>();
		for (int i = 0; i < proposals.size(); i++) {
			if (decisions.get(i) != Decision.APPROVED) {
				continue;
			}
			Proposal p = proposals.get(i);
			InstrumentationState.Toggle t = scopes.containsKey(i)
					? new InstrumentationState.Toggle(p.toggle().tracepoint(), scopes.get(i))
					: p.toggle();
			(p.action() == Proposal.Action.ENABLE ? enable : disable).add(t);
		}
		return state.without(disable).with(enable);
	}

	private void finish(StopReason reason, String tracepoint) throws IOException {
		stop = reason;
		localized = tracepoint;
		phase = Phase.STOPPED;
		record(new JournalRecord.Stopped(cycle, now(), reason, tracepoint, state.count()), true);
	}

	private void transition(Phase next) throws IOException {
		phase = next;
		record(new JournalRecord.PhaseChange(cycle, now(), next), false);
	}

	private void record(JournalRecord r, boolean durable) throws IOException {
		journal.append(r, durable);
		synchronized (history) {
			history.add(r);
		}
	}

	private static long now() {
		return System.currentTimeMillis();
	}

	/** Rebuilds the state from one journal record. */
	private void replay(JournalRecord r) {
		synchronized (history) {
			history.add(r);
		}
		cycle = r.cycle();
		switch (r) {
		case JournalRecord.Start s -> state = InstrumentationState.of(s.toggles());
		case JournalRecord.PhaseChange p -> phase = p.phase();
		case JournalRecord.Proposals p -> {
			proposals = p.items();
			decisions.clear();
			scopes.clear();
			pendingStop = p.thenStop();
			pendingLocalized = p.localized();
			phase = Phase.AWAITING_APPROVAL;
		}
		case JournalRecord.Decided d -> {
			decisions.put(d.index(), d.decision());
			if (d.requestType() != null) {
				scopes.put(d.index(), d.requestType());
			}
		}
		case JournalRecord.Pushed p -> {
			state = state.without(p.disabled()).with(p.enabled());
			proposals = List.of();
			phase = Phase.PUSHING; // the following phase record moves on; without it, the push is redone
			if (pendingStop == null) {
				phase = Phase.COLLECTING;
				cycle++;
			}
		}
		case JournalRecord.Localized l -> planner.restore(l.finding());
		case JournalRecord.Stopped s -> {
			phase = Phase.STOPPED;
			stop = s.reason();
			localized = s.localized();
		}
		}
	}

	public Phase phase() {
		return phase;
	}

	public int cycle() {
		return cycle;
	}

	public InstrumentationState state() {
		return state;
	}

	public List<Proposal> proposals() {
		return proposals;
	}

	public Map<Integer, Decision> decisions() {
		return Map.copyOf(decisions);
	}

	/** Every journal record of the session, oldest first; safe to read while the engine moves on. */
	public List<JournalRecord> history() {
		synchronized (history) {
			return List.copyOf(history);
		}
	}

	/** Journal records that could not be read back (a write torn by a crash). */
	public int skippedJournalRecords() {
		return journal.skippedRecords();
	}

	public StopReason stopReason() {
		return stop;
	}

	/** Every problem localized so far, in order; the first is {@link #localizedTracepoint()}. */
	public List<Finding> findings() {
		return planner.findings();
	}

	public String localizedTracepoint() {
		return localized;
	}

	public SearchSpace space() {
		return space;
	}

	public void close() throws IOException {
		journal.close();
	}
}
