// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pythia.control.AgentEndpoint;
import io.pythia.control.AnalysedWindows;
import io.pythia.control.ControlClient;
import io.pythia.control.LiveSystem;
import io.pythia.core.Progress;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.trace.Trace;
import io.pythia.search.Budget;
import io.pythia.search.CycleEngine;
import io.pythia.search.Finding;
import io.pythia.search.History;
import io.pythia.search.InstrumentationState;
import io.pythia.search.JournalRecord;
import io.pythia.search.Proposal;
import io.pythia.search.SearchSpace;
import io.pythia.search.SearchStrategy;

/**
 * A live investigation of a connected system, the one the workbench and the command line both drive: it connects
 * to the system's agents and trace receiver, learns the search space, runs the cycle engine (each window analysed
 * once), takes approvals one by one or on autopilot, pushes, and journals every step, so that {@link #resume} goes
 * on after a crash where the journal stood. Beside the journal it keeps what resuming needs: the learned search
 * space and where the connection file is.
 * <p>
 * Calls block (a collection waits a whole window) and are serialized; a face runs them off its UI thread. What the
 * investigation looks like is an immutable {@link Snapshot}, replaced after every change and safe to read from any
 * thread; {@link Listener}s hear of each change on the thread that made it.
 */
public final class LiveInvestigation implements AutoCloseable {

	/** Follows an investigation without polling. Called on the thread that moved it on; keep it short. */
	public interface Listener {

		/** A cycle's traces were analysed: the analysis its proposals come from. */
		default void analysed(CycleAnalysis analysis) {
		}

		/** The snapshot changed: phase, proposals, decisions, push results, errors. */
		default void changed(Snapshot snapshot) {
		}
	}

	/** Fills in what a connection file leaves out, such as the tokens the workbench keeps in secure storage. */
	public interface ConnectionCompletion {
		AgentEndpoint.Connection complete(AgentEndpoint.Connection connection) throws IOException;
	}

	/**
	 * One cycle's analysis, with the traces it was made of.
	 *
	 * @param traces        this cycle's window, then the traces of earlier windows pooled with it (request types whose
	 *                      instrumentation did not change; see {@link CycleEngine#POOLED_WINDOWS})
	 * @param earlierTraces how many of the traces came from earlier windows
	 * @param streamed the window as a streaming job sent it (no traces then, but its counts of bad input), or null
	 */
	public record CycleAnalysis(int cycle, long timeMillis, List<Trace> traces, int earlierTraces, AnalysisReport report,
			AnalysedWindows.Window streamed) {

		/** The traces of this cycle's own window (the others were pooled from earlier ones). */
		public List<Trace> ownTraces() {
			return traces.subList(0, traces.size() - earlierTraces);
		}
	}

	/**
	 * One row of the cycle history, with what was pushed after the cycle.
	 *
	 * @param traces        traces analysed, or -1 for a cycle analysed before the session was reopened
	 * @param earlierTraces how many of them were pooled from earlier windows
	 */
	public record CycleRow(int cycle, long timeMillis, int traces, int earlierTraces, int problemGroups, String topEdge, double topShare,
			double topCv, int enabledNow, int enabled, int disabled, double enabledFraction, String stop) {
	}

	/**
	 * What the investigation looks like now.
	 *
	 * @param lastPush             per-agent results of the last push, or null before the first
	 * @param reportedAfterPush    the agents' own account of their enabled tracepoints after the last push, or null
	 * @param unreachableAfterPush agents that did not answer when their state was read after the last push
	 * @param lastError            what went wrong in the last step, or null
	 * @param stopReason           label of the stop reason, or null while it runs
	 * @param findings             every problem localized so far, in order
	 */
	public record Snapshot(CycleEngine.Phase phase, int cycle, List<Proposal> proposals,
			Map<Integer, CycleEngine.Decision> decisions, InstrumentationState state, boolean autopilot,
			ControlClient.PushReport lastPush, InstrumentationState reportedAfterPush, List<String> unreachableAfterPush,
			String lastError, String stopReason, String localizedTracepoint, List<CycleRow> history, int budgetLeft,
			List<Finding> findings) {

		/** Whether the proposals waiting are a restore's, turning the instrumentation back to the skeleton. */
		public boolean restoring() {
			return !proposals.isEmpty() && proposals.stream().allMatch(p -> Proposal.RESTORE.equals(p.strategy()));
		}
	}

	/** What the history says of a cycle that turns the instrumentation back to the skeleton. */
	public static final String RESTORING = "(back to the skeleton)";

	private final AgentEndpoint.Connection connection;
	private final LiveSystem live;
	private final SearchSpace space;
	private final CycleEngine engine;
	private final InvestigationSettings settings;
	private final Path journal;
	private final List<Listener> listeners = new CopyOnWriteArrayList<>();
	private final Map<Integer, CycleAnalysis> analysed = new LinkedHashMap<>();
	/** Per cycle, the traces pooled from earlier windows (the history keeps no traces). */
	private final Map<Integer, Integer> earlier = new java.util.HashMap<>();
	private volatile Snapshot snapshot;
	private boolean autopilot;
	private String lastError;
	private InstrumentationState reported;
	private List<String> unreachable = List.of();

	private LiveInvestigation(AgentEndpoint.Connection connection, LiveSystem live, SearchSpace space, Path journal,
			InvestigationSettings settings, List<Listener> listeners) throws IOException {
		this.connection = connection;
		this.live = live;
		this.space = space;
		this.journal = journal;
		this.settings = settings;
		this.listeners.addAll(listeners);
		this.engine = CycleEngine.open(JsonlJournal.open(journal), space,
				SearchStrategy.named(settings.strategy(), 1, new History()),
				new CycleEngine.Options(new Budget(settings.perCycle(), cap(settings, space)), settings.maxCycles(),
						settings.localizedShare(), 3, settings.analysis(), false),
				live);
		engine.observe(this::analysed);
		snapshot = takeSnapshot(); // a resumed journal has cycles already
	}

	/** {@link #start(AgentEndpoint.Connection, Path, Path, InvestigationSettings, List, Progress)} on a system's connection. */
	public static LiveInvestigation start(SystemConnection system, InvestigationSettings settings,
			List<Listener> listeners) throws IOException {
		return start(system.connection(), system.file(), system.journalDir(), settings, listeners, Progress.NONE);
	}

	/**
	 * The same with the cycles' windows analysed where the system's spans go (a streaming job): no trace comes to
	 * this process. The investigation closes {@code windows}, also when it cannot start.
	 */
	public static LiveInvestigation start(SystemConnection system, InvestigationSettings settings,
			List<Listener> listeners, AnalysedWindows windows) throws IOException {
		LiveSystem live = new LiveSystem(windows, Duration.ofMillis((long) (settings.windowSeconds() * 1000)));
		live.connect(system.connection().agents());
		return start(system.connection(), system.file(), system.journalDir(), settings, listeners, Progress.NONE, live);
	}

	/**
	 * Connects to the agents of a connection, learns the search space (every tracepoint on for one window, then the
	 * skeleton) and opens a journaled session in {@code journalDir}.
	 *
	 * @param connectionFile where the connection was read from, kept beside the journal for {@link #resume}; null
	 *                       when there is none (such a session cannot be resumed)
	 * @param progress       a cancel of it cuts the learning short
	 */
	public static LiveInvestigation start(AgentEndpoint.Connection connection, Path connectionFile, Path journalDir,
			InvestigationSettings settings, List<Listener> listeners, Progress progress) throws IOException {
		return start(connection, connectionFile, journalDir, settings, listeners, progress, system(connection, settings));
	}

	private static LiveInvestigation start(AgentEndpoint.Connection connection, Path connectionFile, Path journalDir,
			InvestigationSettings settings, List<Listener> listeners, Progress progress, LiveSystem live)
			throws IOException {
		live.watch(progress); // learning takes two windows: a cancel cuts it short
		try {
			SearchSpace space = live.learnSearchSpace(settings.analysis().requestTypeRule());
			if (space.size() == 0 && live.streamed()) {
				throw new IOException("the streamed windows held no traces while learning the search space");
			}
			if (space.size() == 0) {
				throw new IOException("no traces arrived on port " + connection.otlpPort()
						+ (connection.otlpGrpcPort() >= 0 ? " (OTLP/HTTP) or " + connection.otlpGrpcPort() + " (OTLP/gRPC)" : "")
						+ " while learning the search space: is the system sending to it?");
			}
			Files.createDirectories(journalDir);
			Path journal = journalDir.resolve("session-" + System.currentTimeMillis() + ".jsonl");
			SearchSpaceFile.save(space, spaceFile(journal));
			if (connectionFile != null) {
				Files.writeString(connectionPointer(journal), connectionFile.toAbsolutePath() + "\n");
			}
			live.watch(Progress.NONE); // from here on, cancel() cuts a collection short
			return new LiveInvestigation(connection, live, space, journal, settings, listeners);
		} catch (IOException | RuntimeException e) {
			live.close();
			throw e;
		}
	}

	/**
	 * Resumes a journaled session: the journal replays its cycles and decisions, the saved search space is loaded,
	 * and the agents of the connection file it was started with are connected again. It goes on where the journal
	 * stood (a cycle caught mid-collection collects again; a push not journaled as done is pushed again).
	 *
	 * @param completeConnection fills in what the connection file leaves out (the workbench's stored tokens)
	 */
	public static LiveInvestigation resume(Path journal, InvestigationSettings settings,
			ConnectionCompletion completeConnection, List<Listener> listeners) throws IOException {
		if (!Files.exists(journal)) {
			throw new IOException(journal + ": no such session journal");
		}
		Path space = spaceFile(journal);
		Path pointer = connectionPointer(journal);
		if (!Files.exists(space) || !Files.exists(pointer)) {
			throw new IOException(journal + ": cannot resume this session: " + space.getFileName() + " or "
					+ pointer.getFileName() + " is missing beside it");
		}
		Path connectionFile = Path.of(Files.readString(pointer).strip());
		AgentEndpoint.Connection connection = completeConnection.complete(AgentEndpoint.read(connectionFile));
		LiveSystem live = system(connection, settings);
		try {
			return new LiveInvestigation(connection, live, SearchSpaceFile.load(space), journal, settings, listeners);
		} catch (IOException | RuntimeException e) {
			live.close();
			throw e;
		}
	}

	private static LiveSystem system(AgentEndpoint.Connection connection, InvestigationSettings settings)
			throws IOException {
		LiveSystem live = new LiveSystem(connection.otlpPort(), connection.otlpGrpcPort(),
				Duration.ofMillis((long) (settings.windowSeconds() * 1000)), 500);
		live.connect(connection.agents());
		return live;
	}

	static Path spaceFile(Path journal) {
		return journal.resolveSibling(journal.getFileName() + ".space.json");
	}

	static Path connectionPointer(Path journal) {
		return journal.resolveSibling(journal.getFileName() + ".connection");
	}

	public void addListener(Listener l) {
		listeners.add(l);
	}

	public void removeListener(Listener l) {
		listeners.remove(l);
	}

	private void analysed(int cycle, List<Trace> traces, int earlier, AnalysisReport report) {
		CycleAnalysis a = new CycleAnalysis(cycle, System.currentTimeMillis(), traces, earlier, report,
				live.lastStreamedWindow());
		synchronized (analysed) {
			// only the figures are kept for the history; the traces go to the listeners
			analysed.put(cycle, new CycleAnalysis(cycle, a.timeMillis(), List.of(), 0, report, a.streamed()));
			this.earlier.put(cycle, earlier);
		}
		for (Listener l : listeners) {
			l.analysed(a);
		}
		changed();
	}

	/**
	 * Runs the cycle until it waits for approval or stops: collect, analyse, propose (on autopilot: decide and push
	 * too, cycle after cycle).
	 *
	 * @throws IOException when a step fails (a push that did not reach every agent): calling again retries it
	 */
	public synchronized void advance() throws IOException {
		lastError = null;
		try {
			while (true) {
				engine.run();
				if (engine.phase() == CycleEngine.Phase.AWAITING_APPROVAL && autopilot) {
					decideAll(CycleEngine.Decision.APPROVED);
					continue;
				}
				break;
			}
		} catch (IOException | RuntimeException e) {
			lastError = e.getMessage();
			throw e;
		} finally {
			changed();
		}
	}

	/**
	 * On autopilot to the end: advances until the session stops, retrying a failed step up to {@code attempts}
	 * times in a row (each failure goes to {@code onFailure}).
	 *
	 * @throws IOException the last failure, when a step failed {@code attempts} times in a row
	 */
	public void runToEnd(int attempts, java.util.function.Consumer<IOException> onFailure) throws IOException {
		setAutopilot(true);
		int failures = 0;
		while (snapshot.phase() != CycleEngine.Phase.STOPPED) {
			try {
				advance();
				failures = 0;
			} catch (IOException e) {
				onFailure.accept(e);
				if (++failures >= attempts) {
					throw e;
				}
			}
		}
	}

	/** Decides on one proposal of the current cycle (journaled durably before it returns). */
	public synchronized void decide(int index, CycleEngine.Decision decision) throws IOException {
		try {
			engine.decide(index, decision);
		} finally {
			changed();
		}
	}

	/** Decides every proposal not decided yet. */
	public synchronized void decideAll(CycleEngine.Decision decision) throws IOException {
		try {
			for (int i = 0; i < engine.proposals().size(); i++) {
				if (!engine.decisions().containsKey(i)) {
					engine.decide(i, decision);
				}
			}
		} finally {
			changed();
		}
	}

	/**
	 * Pushes what was approved (proposals left undecided count as rejected: nothing goes out without approval) and
	 * runs the next cycle up to its proposals.
	 */
	public synchronized void pushApproved() throws IOException {
		if (engine.phase() != CycleEngine.Phase.AWAITING_APPROVAL) {
			throw new IllegalStateException("no proposals await a push (phase " + engine.phase() + ")");
		}
		decideAll(CycleEngine.Decision.REJECTED);
		lastError = null;
		try {
			engine.step(); // all decided: on to pushing
			engine.step(); // the push itself
		} catch (IOException | RuntimeException e) {
			lastError = e.getMessage();
			throw e;
		} finally {
			// what the agents say they run now, whether or not every agent took the push
			List<String> missing = new ArrayList<>();
			reported = live.reportedState(missing);
			unreachable = List.copyOf(missing);
			changed();
		}
		if (engine.phase() != CycleEngine.Phase.STOPPED) {
			advance();
		}
	}

	/**
	 * After the session stopped: proposes disabling what it enabled beyond the skeleton, a cycle of its own that is
	 * decided and pushed like any other ({@link #pushApproved}); the session then stops again.
	 *
	 * @return false when only the skeleton is enabled
	 */
	public synchronized boolean restore() throws IOException {
		try {
			return engine.restore();
		} finally {
			changed();
		}
	}

	/**
	 * Cuts a collection under way short (callable from any thread, while another one is in {@link #advance}): that
	 * step fails, and the next {@link #advance} collects again.
	 */
	public void cancel() {
		live.cancel();
	}

	public synchronized void setAutopilot(boolean on) {
		autopilot = on;
		changed();
	}

	/** The investigation now; safe to read from any thread. */
	public Snapshot snapshot() {
		return snapshot;
	}

	public SearchSpace space() {
		return space;
	}

	public InvestigationSettings settings() {
		return settings;
	}

	public Path journal() {
		return journal;
	}

	public List<AgentEndpoint> agents() {
		return connection.agents();
	}

	/** What the agents report they have enabled now (not what was sent); asks them over the network. */
	public InstrumentationState reportedState(List<String> unreachableOut) {
		return live.reportedState(unreachableOut);
	}

	/** The total budget as a count: the fraction of the search space (1.0 = all of it). */
	static int cap(InvestigationSettings settings, SearchSpace space) {
		return Math.max(1, (int) Math.floor(settings.totalFraction() * space.size()));
	}

	/** The outcome so far, as the command line reports it. */
	public InvestigationReport report(double wallSeconds) {
		Snapshot s = snapshot;
		return new InvestigationReport(s.stopReason(), s.localizedTracepoint(), s.findings(), s.cycle(), s.state().count(),
				s.state().fraction(space), space.size(), Math.round(wallSeconds * 10) / 10.0, journal.toString());
	}

	private void changed() {
		Snapshot s = takeSnapshot();
		snapshot = s;
		for (Listener l : listeners) {
			l.changed(s);
		}
	}

	private Snapshot takeSnapshot() {
		return new Snapshot(engine.phase(), engine.cycle(), engine.proposals(), engine.decisions(), engine.state(),
				autopilot, live.lastPush(), reported, unreachable, lastError,
				engine.stopReason() == null ? null : engine.stopReason().label(), engine.localizedTracepoint(),
				history(), Math.max(0, cap(settings, space) - engine.state().count()), engine.findings());
	}

	private List<CycleRow> history() {
		Map<Integer, CycleAnalysis> known;
		Map<Integer, Integer> pooled;
		synchronized (analysed) {
			known = new LinkedHashMap<>(analysed);
			pooled = new java.util.HashMap<>(earlier);
		}
		Map<Integer, int[]> pushed = new LinkedHashMap<>();
		Map<Integer, Long> firstTime = new LinkedHashMap<>();
		String stop = null;
		int stopCycle = -1;
		java.util.Set<Integer> restoring = new java.util.HashSet<>();
		for (JournalRecord r : engine.history()) {
			firstTime.putIfAbsent(r.cycle(), r.time());
			if (r instanceof JournalRecord.Proposals p && !p.items().isEmpty()
					&& p.items().stream().allMatch(x -> Proposal.RESTORE.equals(x.strategy()))) {
				restoring.add(p.cycle());
			} else if (r instanceof JournalRecord.Pushed p) {
				pushed.put(p.cycle(), new int[] { p.enabled().size(), p.disabled().size() });
			} else if (r instanceof JournalRecord.Stopped s && stopCycle < 0) { // a restore stops again: the first counts
				List<String> at = engine.findings().stream().map(Finding::tracepoint).toList();
				stop = s.reason().label() + (at.isEmpty() ? s.localized() == null ? "" : " at " + s.localized()
						: " at " + String.join(", ", at));
				stopCycle = s.cycle();
			}
		}
		// cycles of a resumed session were analysed before: the journal has their pushes, not their traces
		TreeSet<Integer> cycles = new TreeSet<>(known.keySet());
		cycles.addAll(pushed.keySet());
		cycles.addAll(restoring);
		if (stopCycle > 0) {
			cycles.add(stopCycle);
		}
		List<CycleRow> rows = new ArrayList<>();
		int enabledNow = space.skeleton().count();
		for (int c : cycles) {
			int[] p = pushed.getOrDefault(c, new int[2]);
			enabledNow += p[0] - p[1];
			double fraction = enabledNow / (double) Math.max(1, space.size());
			String stopped = c == stopCycle ? stop : "";
			CycleAnalysis a = known.get(c);
			if (a == null && restoring.contains(c)) {
				rows.add(new CycleRow(c, firstTime.getOrDefault(c, 0L), 0, 0, 0, RESTORING, 0, 0, enabledNow, p[0], p[1],
						fraction, stopped));
				continue;
			}
			if (a == null) {
				rows.add(new CycleRow(c, firstTime.getOrDefault(c, 0L), -1, 0, -1, "(before the session was reopened)", 0, 0,
						enabledNow, p[0], p[1], fraction, stopped));
				continue;
			}
			AnalysisReport report = a.report();
			AnalysisReport.Group top = report.problemGroups().isEmpty() ? null : report.problemGroups().get(0);
			EdgeShare edge = top == null || top.edges().isEmpty() ? null : top.edges().get(0);
			rows.add(new CycleRow(c, a.timeMillis(), (int) report.traces(), pooled.getOrDefault(c, 0), report.problemGroups().size(),
					edge == null ? "" : edge.label(), edge == null ? 0 : edge.share(),
					top == null ? 0 : top.latency().coefficientOfVariation(), enabledNow, p[0], p[1], fraction, stopped));
		}
		return rows;
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
