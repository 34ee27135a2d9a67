// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pythia.app.model.Investigation;
import io.pythia.control.AgentEndpoint;
import io.pythia.control.ControlClient;
import io.pythia.control.LiveSystem;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.trace.Trace;
import io.pythia.search.Budget;
import io.pythia.search.CycleEngine;
import io.pythia.search.History;
import io.pythia.search.InstrumentationState;
import io.pythia.search.Proposal;
import io.pythia.search.SearchSpace;
import io.pythia.search.SearchSpaceFile;
import io.pythia.search.SearchStrategy;

/**
 * The workbench's side of a live investigation: the connected system's agents and trace receiver, its search space,
 * and the cycle engine, journaled. Each cycle's traces become the investigation's analysis, so the groups, graph and
 * heatmap views show the live system. Calls block (collection waits a window): the views run them in jobs.
 */
public final class LiveSession implements AutoCloseable {

	/** Settings of a session; the preferences page edits them. */
	public record Settings(double cvThreshold, int minTraces, int perCycle, double totalFraction, String strategy,
			double localizedShare, int maxCycles, double windowSeconds) {

		public static final Settings DEFAULTS = new Settings(0.05, 4, 3, 0.15, "hierarchical", 0.5, 8, 6);

		AnalysisOptions analysis() {
			return AnalysisOptions.DEFAULTS.withCvThreshold(cvThreshold).withMinTraces(minTraces);
		}
	}

	/** One row of the cycle history. */
	public record CycleRow(int cycle, long timeMillis, int traces, int problemGroups, String topEdge, double topShare,
			double topCv, int enabledNow, int enabled, int disabled, double enabledFraction, String stop) {
	}

	private record Collected(long time, int traces, AnalysisReport report) {
	}

	private final AgentEndpoint.Connection connection;
	private final LiveSystem live;
	private final SearchSpace space;
	private final CycleEngine engine;
	private final Investigation investigation;
	private final Settings settings;
	private final Path journal;
	private final Map<Integer, Collected> collected = new LinkedHashMap<>();
	private volatile boolean autopilot;
	private volatile String lastError;
	private volatile List<CycleRow> history = List.of();
	private volatile InstrumentationState reported;
	private volatile List<String> reportedUnreachable = List.of();

	private LiveSession(AgentEndpoint.Connection connection, LiveSystem live, SearchSpace space, Path journal,
			Settings settings, Investigation investigation) throws IOException {
		this.connection = connection;
		this.live = live;
		this.space = space;
		this.journal = journal;
		this.settings = settings;
		this.investigation = investigation;
		CycleEngine.ConnectedSystem recording = new CycleEngine.ConnectedSystem() {
			@Override
			public List<Trace> collect() throws IOException {
				List<Trace> traces = live.collect();
				analysed(traces);
				return traces;
			}

			@Override
			public void push(InstrumentationState.Diff diff) throws IOException {
				live.push(diff);
			}

			@Override
			public void push(InstrumentationState.Diff diff, InstrumentationState target) throws IOException {
				live.push(diff, target);
			}
		};
		this.engine = CycleEngine.open(journal, space,
				SearchStrategy.named(settings.strategy(), 1, new History()),
				new CycleEngine.Options(new Budget(settings.perCycle(), cap(settings, space)), settings.maxCycles(),
						settings.localizedShare(), 3, settings.analysis(), false),
				recording);
		snapshot(); // a reopened journal has cycles already
	}

	/**
	 * Connects to the agents of a connection file, learns the search space (every tracepoint on for one window, then
	 * the skeleton) and opens a journaled session in {@code journalDir}.
	 */
	public static LiveSession connect(AgentEndpoint.Connection connection, Path connectionFile, Path journalDir,
			Settings settings, Investigation investigation) throws IOException {
		LiveSystem live = new LiveSystem(connection.otlpPort(), Duration.ofMillis((long) (settings.windowSeconds() * 1000)), 500);
		try {
			live.connect(connection.agents());
			SearchSpace space = live.learnSearchSpace(settings.analysis().requestTypeRule());
			if (space.size() == 0) {
				throw new IOException("no traces arrived on port " + connection.otlpPort()
						+ " while learning the search space: is the system sending to it?");
			}
			Path journal = journalDir.resolve("session-" + System.currentTimeMillis() + ".jsonl");
			// what File > Open Session needs to resume: the learned space and where the agents are
			SearchSpaceFile.save(space, spaceFile(journal));
			if (connectionFile != null) {
				Files.writeString(connectionPointer(journal), connectionFile.toAbsolutePath() + "\n");
			}
			return new LiveSession(connection, live, space, journal, settings, investigation);
		} catch (IOException | RuntimeException e) {
			live.close();
			throw e;
		}
	}

	static Path spaceFile(Path journal) {
		return journal.resolveSibling(journal.getFileName() + ".space.json");
	}

	static Path connectionPointer(Path journal) {
		return journal.resolveSibling(journal.getFileName() + ".connection");
	}

	/**
	 * Reopens a saved session: the journal replays its cycles and decisions, the saved search space is loaded, and
	 * the agents of the connection file it was started with are connected again; the session goes on from where the
	 * journal stood (a cycle caught mid-collection collects again).
	 */
	public static LiveSession reopen(Path journal, Settings settings, Investigation investigation) throws IOException {
		if (!Files.exists(journal)) {
			throw new IOException(journal + ": no such session journal");
		}
		Path space = spaceFile(journal);
		Path pointer = connectionPointer(journal);
		if (!Files.exists(space) || !Files.exists(pointer)) {
			throw new IOException(journal + ": not a workbench session (" + space.getFileName() + " or "
					+ pointer.getFileName() + " is missing beside it)");
		}
		Path connectionFile = Path.of(Files.readString(pointer).strip());
		AgentEndpoint.Connection connection = TokenStore.open().complete(AgentEndpoint.read(connectionFile));
		LiveSystem live = new LiveSystem(connection.otlpPort(), Duration.ofMillis((long) (settings.windowSeconds() * 1000)), 500);
		try {
			live.connect(connection.agents());
			return new LiveSession(connection, live, SearchSpaceFile.load(space), journal, settings, investigation);
		} catch (IOException | RuntimeException e) {
			live.close();
			throw e;
		}
	}

	private void analysed(List<Trace> traces) {
		long start = System.currentTimeMillis();
		Analysis analysis = new Analysis(settings.analysis());
		Investigation.TraceKeeper keeper = new Investigation.TraceKeeper(4_000_000);
		for (Trace t : traces) {
			analysis.accept(t);
			keeper.offer(t);
		}
		AnalysisReport report = analysis.report();
		synchronized (collected) {
			collected.put(engine == null ? 1 : engine.cycle(), new Collected(start, traces.size(), report));
		}
		if (engine != null) {
			snapshot();
		}
		investigation.setAnalysed(new Investigation.Analysed(report, 0, List.of(), keeper.kept(), keeper.dropped(),
				System.currentTimeMillis() - start));
	}

	/** Runs the cycle until it waits for approval or stops: collect, analyse, propose (on autopilot: push too). */
	public synchronized void advance() throws IOException {
		lastError = null;
		try {
			while (true) {
				engine.run();
				if (engine.phase() == CycleEngine.Phase.AWAITING_APPROVAL && autopilot) {
					approveAll();
					continue;
				}
				break;
			}
		} catch (IOException e) {
			lastError = e.getMessage();
			throw e;
		} finally {
			snapshot();
			investigation.liveChanged();
		}
	}

	/** Decides on one proposal of the current cycle. */
	public synchronized void decide(int index, CycleEngine.Decision decision) throws IOException {
		engine.decide(index, decision);
		investigation.liveChanged();
	}

	public synchronized void approveAll() throws IOException {
		for (int i = 0; i < engine.proposals().size(); i++) {
			if (!engine.decisions().containsKey(i)) {
				engine.decide(i, CycleEngine.Decision.APPROVED);
			}
		}
		investigation.liveChanged();
	}

	public synchronized void rejectAll() throws IOException {
		for (int i = 0; i < engine.proposals().size(); i++) {
			if (!engine.decisions().containsKey(i)) {
				engine.decide(i, CycleEngine.Decision.REJECTED);
			}
		}
		investigation.liveChanged();
	}

	/**
	 * Pushes what was approved (proposals left undecided count as rejected: nothing goes out without approval) and
	 * runs the next cycle up to its proposals.
	 */
	public synchronized void pushApproved() throws IOException {
		if (engine.phase() != CycleEngine.Phase.AWAITING_APPROVAL) {
			throw new IllegalStateException("no proposals await a push (phase " + engine.phase() + ")");
		}
		for (int i = 0; i < engine.proposals().size(); i++) {
			if (!engine.decisions().containsKey(i)) {
				engine.decide(i, CycleEngine.Decision.REJECTED);
			}
		}
		engine.step(); // all decided: on to pushing
		try {
			engine.step(); // the push itself
		} finally {
			// what the agents say they run now, whether or not every agent took the push
			List<String> unreachable = new ArrayList<>();
			reported = live.reportedState(unreachable);
			reportedUnreachable = List.copyOf(unreachable);
			snapshot();
			investigation.liveChanged();
		}
		if (engine.phase() != CycleEngine.Phase.STOPPED) {
			advance();
		}
	}

	/** The agents' own account of their enabled tracepoints after the last push, or null before it. */
	public InstrumentationState reportedAfterPush() {
		return reported;
	}

	/** Agents that did not answer when their state was read after the last push. */
	public List<String> unreachableAfterPush() {
		return reportedUnreachable;
	}

	public void setAutopilot(boolean on) {
		autopilot = on;
		investigation.liveChanged();
	}

	public boolean autopilot() {
		return autopilot;
	}

	public CycleEngine.Phase phase() {
		return engine.phase();
	}

	public int cycle() {
		return engine.cycle();
	}

	public List<Proposal> proposals() {
		return engine.proposals();
	}

	public Map<Integer, CycleEngine.Decision> decisions() {
		return engine.decisions();
	}

	public InstrumentationState state() {
		return engine.state();
	}

	public SearchSpace space() {
		return space;
	}

	public Settings settings() {
		return settings;
	}

	public String stopReason() {
		return engine.stopReason() == null ? null : engine.stopReason().label();
	}

	public String localizedTracepoint() {
		return engine.localizedTracepoint();
	}

	public Path journal() {
		return journal;
	}

	public String lastError() {
		return lastError;
	}

	/** Per-agent results of the last push (applied, refused, unreachable), or null before the first. */
	public ControlClient.PushReport lastPush() {
		return live.lastPush();
	}

	/** What the agents report they have enabled now (not what was sent). */
	public InstrumentationState reportedState(List<String> unreachable) {
		return live.reportedState(unreachable);
	}

	public List<AgentEndpoint> agents() {
		return connection.agents();
	}

	/** The total budget as a count: the fraction of the search space (1.0 = all of it). */
	static int cap(Settings settings, SearchSpace space) {
		return Math.max(1, (int) Math.floor(settings.totalFraction() * space.size()));
	}

	/** Tracepoints left to enable under the total budget. */
	public int budgetLeft() {
		return Math.max(0, cap(settings, space) - engine.state().count());
	}

	/**
	 * One row per cycle, with what was pushed after it. A snapshot taken by the thread that moves the engine on, so
	 * the views can read it while a collection runs.
	 */
	public List<CycleRow> history() {
		return history;
	}

	/** Takes the history snapshot; called with this session's monitor held, where the engine changes. */
	private void snapshot() {
		history = computeHistory();
	}

	@SuppressWarnings("unchecked")
	private List<CycleRow> computeHistory() {
		Map<Integer, Collected> snapshot;
		synchronized (collected) {
			snapshot = new LinkedHashMap<>(collected);
		}
		Map<Integer, int[]> pushed = new LinkedHashMap<>();
		String stop = null;
		int stopCycle = -1;
		for (Map<String, Object> r : engine.history()) {
			int c = ((Number) r.get("cycle")).intValue();
			if ("pushed".equals(r.get("type"))) {
				pushed.put(c, new int[] { ((List<Object>) r.get("enabled")).size(), ((List<Object>) r.get("disabled")).size() });
			} else if ("stop".equals(r.get("type"))) {
				stop = r.get("reason") + (r.get("localized") == null ? "" : " at " + r.get("localized"));
				stopCycle = c;
			}
		}
		// cycles of a reopened session were analysed before: the journal has their pushes, not their traces
		java.util.TreeSet<Integer> cycles = new java.util.TreeSet<>(snapshot.keySet());
		cycles.addAll(pushed.keySet());
		if (stopCycle > 0) {
			cycles.add(stopCycle);
		}
		List<CycleRow> rows = new ArrayList<>();
		int enabledNow = space.skeleton().count();
		for (int c : cycles) {
			Collected known = snapshot.get(c);
			if (known == null) {
				int[] p = pushed.getOrDefault(c, new int[2]);
				enabledNow += p[0] - p[1];
				rows.add(new CycleRow(c, journalTime(c), -1, -1, "(before the session was reopened)", 0, 0, enabledNow, p[0],
						p[1], enabledNow / (double) Math.max(1, space.size()), c == stopCycle ? stop : ""));
				continue;
			}
			var e = java.util.Map.entry(c, known);
			AnalysisReport report = e.getValue().report();
			AnalysisReport.Group top = report.problemGroups().isEmpty() ? null : report.problemGroups().get(0);
			EdgeShare edge = top == null || top.edges().isEmpty() ? null : top.edges().get(0);
			int[] p = pushed.getOrDefault(c, new int[2]);
			enabledNow += p[0] - p[1];
			rows.add(new CycleRow(c, e.getValue().time(), e.getValue().traces(), report.problemGroups().size(),
					edge == null ? "" : edge.label(), edge == null ? 0 : edge.share(),
					top == null ? 0 : top.latency().coefficientOfVariation(), enabledNow, p[0], p[1],
					enabledNow / (double) Math.max(1, space.size()), c == stopCycle ? stop : ""));
		}
		return rows;
	}

	private long journalTime(int cycle) {
		for (Map<String, Object> r : engine.history()) {
			if (((Number) r.get("cycle")).intValue() == cycle && r.get("time") instanceof Number n) {
				return n.longValue();
			}
		}
		return 0;
	}

	@Override
	public void close() throws IOException {
		try {
			engine.close();
		} finally {
			live.close();
		}
	}
}
