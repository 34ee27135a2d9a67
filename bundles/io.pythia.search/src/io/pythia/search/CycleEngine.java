// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.Trace;

/**
 * The investigation cycle: collecting -> analyzing -> proposing -> awaiting approval -> pushing -> collecting, until
 * a stopping condition. Every transition and decision is appended to the session journal (decisions forced to disk),
 * and opening an existing journal resumes the session where it was, with the same history. Work that is not
 * journaled (collected traces, the analysis) is simply done again after a restart. The connected system is only
 * reached through {@link ConnectedSystem}, so the engine runs against files, a simulator or live agents alike.
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

	private final SessionJournal journal;
	private final SearchSpace space;
	private final Options options;
	private final ConnectedSystem system;
	private final CyclePlanner planner;
	private final List<Map<String, Object>> history = new ArrayList<>();
	private final int skippedLines;

	private Phase phase = Phase.COLLECTING;
	private int cycle = 1;
	private InstrumentationState state;
	private List<Proposal> proposals = List.of();
	private final Map<Integer, Decision> decisions = new TreeMap<>();
	private final Map<Integer, String> scopes = new TreeMap<>();
	private StopReason stop;
	private String localized;
	private List<Trace> collected;
	private AnalysisReport report;

	private CycleEngine(Path file, SearchSpace space, SearchStrategy strategy, Options options, ConnectedSystem system)
			throws IOException {
		this.space = space;
		this.options = options;
		this.system = system;
		this.planner = new CyclePlanner(space, strategy, options.budget(), options.localizedShare(),
				options.boringAfter());
		SessionJournal.Contents contents = SessionJournal.read(file);
		this.skippedLines = contents.skippedLines();
		this.journal = new SessionJournal(file);
		if (contents.records().isEmpty()) {
			state = space.skeleton();
			record("start", Map.of("toggles", toggles(state.toggles())), true);
		} else {
			for (Map<String, Object> r : contents.records()) {
				replay(r);
			}
			// collected traces and the analysis are not kept: a cycle caught in them collects again
			if (phase == Phase.ANALYZING || phase == Phase.PROPOSING) {
				phase = Phase.COLLECTING;
			}
		}
	}

	/** Opens a session: a new one if the journal is empty or absent, else resumes it. */
	public static CycleEngine open(Path journal, SearchSpace space, SearchStrategy strategy, Options options,
			ConnectedSystem system) throws IOException {
		return new CycleEngine(journal, space, strategy, options, system);
	}

	/**
	 * Makes one transition.
	 *
	 * @return false when the engine waits for approvals or has stopped
	 */
	public boolean step() throws IOException {
		switch (phase) {
		case COLLECTING -> {
			collected = system.collect();
			transition(Phase.ANALYZING);
		}
		case ANALYZING -> {
			Analysis analysis = new Analysis(options.analysis());
			collected.forEach(analysis::accept);
			report = analysis.report();
			collected = null;
			transition(Phase.PROPOSING);
		}
		case PROPOSING -> {
			CyclePlanner.Plan plan = planner.plan(cycle, report, state);
			if (plan.stop() != null && plan.proposals().isEmpty() || cycle > options.maxCycles()) {
				finish(cycle > options.maxCycles() ? StopReason.MAX_CYCLES : plan.stop(), plan.localized());
				return false;
			}
			proposals = plan.proposals();
			decisions.clear();
			scopes.clear();
			List<Object> items = new ArrayList<>();
			for (Proposal p : proposals) {
				items.add(proposalRecord(p));
			}
			Map<String, Object> r = new LinkedHashMap<>();
			r.put("items", items);
			if (plan.stop() != null) {
				r.put("thenStop", plan.stop().label());
				r.put("localized", plan.localized());
			}
			record("proposals", r, true);
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
			Map<String, Object> r = new LinkedHashMap<>();
			r.put("enabled", toggles(diff.enabled()));
			r.put("disabled", toggles(diff.disabled()));
			record("pushed", r, true);
			state = target;
			proposals = List.of();
			if (pendingStop != null) {
				finish(pendingStop, pendingLocalized);
				return false;
			}
			cycle++;
			phase = Phase.COLLECTING;
			record("phase", Map.of("phase", phase.name()), false);
		}
		case STOPPED -> {
			return false;
		}
		}
		return true;
	}

	private StopReason pendingStop;
	private String pendingLocalized;

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
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("index", (long) index);
		r.put("decision", decision.name());
		r.put("requestType", requestType);
		record("decision", r, true);
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
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("reason", reason.label());
		r.put("localized", tracepoint);
		r.put("enabled", (long) state.count());
		record("stop", r, true);
	}

	private void transition(Phase next) throws IOException {
		phase = next;
		record("phase", Map.of("phase", next.name()), false);
	}

	private void record(String type, Map<String, Object> fields, boolean durable) throws IOException {
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("type", type);
		r.put("cycle", (long) cycle);
		r.put("time", System.currentTimeMillis());
		r.putAll(fields);
		journal.append(r, durable);
		history.add(r);
	}

	/** Rebuilds the state from one journal record. */
	@SuppressWarnings("unchecked")
	private void replay(Map<String, Object> r) {
		history.add(r);
		cycle = ((Number) r.getOrDefault("cycle", (long) cycle)).intValue();
		switch (String.valueOf(r.get("type"))) {
		case "start" -> state = InstrumentationState.of(fromToggles((List<Object>) r.get("toggles")));
		case "phase" -> phase = Phase.valueOf((String) r.get("phase"));
		case "proposals" -> {
			List<Proposal> list = new ArrayList<>();
			for (Object o : (List<Object>) r.get("items")) {
				list.add(proposalOf((Map<String, Object>) o));
			}
			proposals = list;
			decisions.clear();
			scopes.clear();
			pendingStop = r.get("thenStop") == null ? null : stopOf((String) r.get("thenStop"));
			pendingLocalized = (String) r.get("localized");
			phase = Phase.AWAITING_APPROVAL;
		}
		case "decision" -> {
			int i = ((Number) r.get("index")).intValue();
			decisions.put(i, Decision.valueOf((String) r.get("decision")));
			if (r.get("requestType") != null) {
				scopes.put(i, (String) r.get("requestType"));
			}
		}
		case "pushed" -> {
			state = state.without(fromToggles((List<Object>) r.get("disabled")))
					.with(fromToggles((List<Object>) r.get("enabled")));
			proposals = List.of();
			phase = Phase.PUSHING; // the following phase record moves on; without it, the push is redone
			if (pendingStop == null) {
				phase = Phase.COLLECTING;
				cycle++;
			}
		}
		case "stop" -> {
			phase = Phase.STOPPED;
			stop = stopOf((String) r.get("reason"));
			localized = (String) r.get("localized");
		}
		default -> {
			// unknown records of later versions are kept in the history and otherwise ignored
		}
		}
	}

	private static StopReason stopOf(String label) {
		for (StopReason s : StopReason.values()) {
			if (s.label().equals(label)) {
				return s;
			}
		}
		throw new IllegalArgumentException("unknown stop reason " + label);
	}

	private static List<Object> toggles(java.util.Collection<InstrumentationState.Toggle> toggles) {
		List<Object> out = new ArrayList<>();
		for (InstrumentationState.Toggle t : toggles) {
			out.add(List.of(t.tracepoint(), t.requestType()));
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static List<InstrumentationState.Toggle> fromToggles(List<Object> list) {
		List<InstrumentationState.Toggle> out = new ArrayList<>();
		for (Object o : list) {
			List<Object> pair = (List<Object>) o;
			out.add(new InstrumentationState.Toggle((String) pair.get(0), (String) pair.get(1)));
		}
		return out;
	}

	private static Map<String, Object> proposalRecord(Proposal p) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("action", p.action().name());
		m.put("tracepoint", p.toggle().tracepoint());
		m.put("requestType", p.toggle().requestType());
		m.put("strategy", p.strategy());
		m.put("group", p.groupId());
		m.put("edge", p.edge());
		m.put("share", p.share());
		m.put("reason", p.reason());
		return m;
	}

	private static Proposal proposalOf(Map<String, Object> m) {
		return new Proposal(Proposal.Action.valueOf((String) m.get("action")),
				new InstrumentationState.Toggle((String) m.get("tracepoint"), (String) m.get("requestType")),
				(String) m.get("strategy"), (String) m.get("group"), (String) m.get("edge"),
				((Number) m.get("share")).doubleValue(), (String) m.get("reason"));
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

	/** Every journal record of the session, oldest first. */
	public List<Map<String, Object>> history() {
		return List.copyOf(history);
	}

	/** Journal lines that could not be read back (a write torn by a crash). */
	public int skippedJournalLines() {
		return skippedLines;
	}

	public StopReason stopReason() {
		return stop;
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
