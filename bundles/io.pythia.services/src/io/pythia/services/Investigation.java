// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.Comparison;
import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.trace.Trace;
import io.pythia.importers.ImportResult;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.investigation.TraceAnalysis;
import io.pythia.investigation.TraceKeeper;

/**
 * What the engineer is looking at: the latest analysis of the opened traces, the traces kept in memory for drawing,
 * and the current selection (group, trace, critical-path edge). Views listen to it and re-render; it has no UI code,
 * and listeners are called on the thread that made the change (views hop to the UI thread themselves).
 */
public final class Investigation {

	/** What changed, so a view can skip work that does not concern it. */
	public enum Change {
		ANALYSIS, GROUP, TRACE, EDGE, LIVE, COMPARISON
	}

	/**
	 * A baseline to compare the current analysis with, and the comparison as of the latest analysis.
	 *
	 * @param sources    where the baseline's traces came from
	 * @param report     its analysis
	 * @param comparison what changed from it to the current analysis (null until there is one)
	 * @param traces     baseline traces kept for the differential flame graph, by id (up to a budget of events)
	 */
	public record Baseline(List<java.nio.file.Path> sources, AnalysisReport report, Comparison comparison,
			Map<String, Trace> traces) {

		/**
		 * The kept baseline traces to set a group against: those of the baseline's group of the same id (the same
		 * request type and structure), else all of its request type's.
		 *
		 * @return the traces and what they are ("group g1", "request type create"); no traces when the baseline
		 *         has none of the request type
		 */
		public Sample sampleFor(AnalysisReport.Group group) {
			var same = report.group(group.group().id())
					.filter(g -> g.group().requestType().equals(group.group().requestType()));
			List<AnalysisReport.Group> groups = same.map(List::of).orElseGet(() -> report.groups().stream()
					.filter(g -> g.group().requestType().equals(group.group().requestType())).toList());
			List<Trace> out = new ArrayList<>();
			for (AnalysisReport.Group g : groups) {
				for (String id : g.group().traceIds()) {
					Trace t = traces.get(id);
					if (t != null) {
						out.add(t);
					}
				}
			}
			return new Sample(same.isPresent() ? "group " + group.group().id() : "request type " + group.group().requestType(),
					out);
		}
	}

	/** Baseline traces to compare a group with, and which ones they are. */
	public record Sample(String scope, List<Trace> traces) {
	}

	/**
	 * One finished analysis.
	 *
	 * @param report   groups, warnings and counts
	 * @param imports  trace files read, and those that could not be read with the reason (file, line, column)
	 * @param rejected traces that could not be assembled
	 * @param traces   traces kept for drawing, by id (all of them up to a budget of events)
	 * @param dropped  traces analysed but not kept (over the budget)
	 * @param millis   wall time of the import and analysis
	 * @param cycle    the live cycle whose window this is, or 0 for an import
	 * @param earlier  of a live cycle's traces, how many were pooled from earlier windows
	 */
	public record Analysed(AnalysisReport report, ImportResult imports, int rejected, Map<String, Trace> traces,
			long dropped, long millis, int cycle, int earlier) {

		public Analysed(AnalysisReport report, ImportResult imports, int rejected, Map<String, Trace> traces, long dropped,
				long millis) {
			this(report, imports, rejected, traces, dropped, millis, 0, 0);
		}

		public Analysed(TraceAnalysis.Result r) {
			this(r.report(), r.imports(), r.rejected(), r.kept(), r.dropped(), r.millis());
		}

		public int files() {
			return imports.files();
		}

		/** Why each failed file could not be read. */
		public List<String> fileErrors() {
			return imports.errors().stream().map(ImportResult.FileError::message).toList();
		}
	}

	/** Events kept in memory for drawing graphs and distributions (about 100 bytes each). */
	public static final long KEPT_EVENTS = 4_000_000;

	private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
	private volatile Analysed analysed;
	private volatile AnalysisReport.Group group;
	private volatile Trace trace;
	private volatile int edgePosition = -1;
	private volatile LiveInvestigation live;
	private volatile String liveStatus = "";
	private volatile boolean liveBusy;
	private volatile Baseline baseline;
	private volatile InvestigationSettings settings = PreferencesStore.load();

	public void addListener(Consumer<Change> listener) {
		listeners.add(listener);
	}

	public void removeListener(Consumer<Change> listener) {
		listeners.remove(listener);
	}

	private void fire(Change change) {
		listeners.forEach(l -> l.accept(change));
	}

	public Optional<Analysed> analysed() {
		return Optional.ofNullable(analysed);
	}

	/**
	 * A new analysis replaces the old one. The selected group stays selected when the new analysis has it (group
	 * ids are stable: the next live cycle usually has the same groups); else the group with the most variance is.
	 */
	public void setAnalysed(Analysed result) {
		String selected = group == null ? null : group.group().id();
		this.analysed = result;
		this.group = result.report().groups().stream().filter(g -> g.group().id().equals(selected)).findFirst()
				.orElse(result.report().groups().isEmpty() ? null : result.report().groups().get(0));
		this.trace = null;
		this.edgePosition = -1;
		Baseline b = baseline;
		if (b != null) { // the comparison follows the current analysis (groups only: quick, on the caller's thread)
			baseline = new Baseline(b.sources(), b.report(), Comparison.of(b.report(), result.report()), b.traces());
		}
		fire(Change.ANALYSIS);
		fire(Change.GROUP);
		if (b != null) {
			fire(Change.COMPARISON);
		}
	}

	/** Sets the baseline the current analysis is compared with (call off the UI thread: it compares). */
	public void setBaseline(List<java.nio.file.Path> sources, AnalysisReport report) {
		setBaseline(sources, report, Map.of());
	}

	/** The same, with baseline traces kept for the differential flame graph. */
	public void setBaseline(List<java.nio.file.Path> sources, AnalysisReport report, Map<String, Trace> traces) {
		Analysed now = analysed;
		baseline = new Baseline(List.copyOf(sources), report, now == null ? null : Comparison.of(report, now.report()),
				Map.copyOf(traces));
		fire(Change.COMPARISON);
	}

	public Optional<Baseline> baseline() {
		return Optional.ofNullable(baseline);
	}

	public Optional<AnalysisReport.Group> group() {
		return Optional.ofNullable(group);
	}

	public void selectGroup(AnalysisReport.Group g) {
		if (g == group) {
			return;
		}
		group = g;
		trace = null;
		edgePosition = -1;
		fire(Change.GROUP);
	}

	/** The trace to draw: the one selected, else the group's representative. */
	public Optional<Trace> trace() {
		if (trace != null) {
			return Optional.of(trace);
		}
		return group().map(g -> g.group().representative());
	}

	public void selectTrace(Trace t) {
		trace = t;
		fire(Change.TRACE);
	}

	/** Critical-path position of the selected edge in the current group, or -1. */
	public int edgePosition() {
		return edgePosition;
	}

	/** Selects a group and one of its critical-path edges (the heatmap's cell click). */
	public void selectEdge(AnalysisReport.Group g, int position) {
		if (g != group) {
			group = g;
			trace = null;
			fire(Change.GROUP);
		}
		edgePosition = position;
		fire(Change.EDGE);
	}

	/** The connected system's session, when one is open. */
	public Optional<LiveInvestigation> live() {
		return Optional.ofNullable(live);
	}

	public void setLive(LiveInvestigation session) {
		live = session;
		fire(Change.LIVE);
	}

	/**
	 * What a live investigation tells this model: each cycle's analysis becomes the analysis the views show, and
	 * every change of the investigation re-renders the live views.
	 */
	public LiveInvestigation.Listener liveListener() {
		return new LiveInvestigation.Listener() {
			@Override
			public void analysed(LiveInvestigation.CycleAnalysis a) {
				long start = System.currentTimeMillis();
				TraceKeeper keeper = new TraceKeeper(KEPT_EVENTS);
				a.traces().forEach(keeper::offer);
				setAnalysed(new Analysed(a.report(), new ImportResult(0, List.of()), 0, keeper.kept(), keeper.dropped(),
						System.currentTimeMillis() - start, a.cycle(), a.earlierTraces()));
			}

			@Override
			public void changed(LiveInvestigation.Snapshot snapshot) {
				liveChanged();
			}
		};
	}

	/** Thresholds, budgets and strategy: for the next import and the next live session. */
	public InvestigationSettings settings() {
		return settings;
	}

	public void setSettings(InvestigationSettings settings) {
		this.settings = settings;
		PreferencesStore.save(settings);
	}

	/** What the live side is doing or what went wrong, in words ("" when idle). */
	public String liveStatus() {
		return liveStatus;
	}

	public void setLiveStatus(String status) {
		liveStatus = status == null ? "" : status;
		fire(Change.LIVE);
	}

	/** Whether a live step (connect, collect, push) is running: decisions wait until it is done. */
	public boolean liveBusy() {
		return liveBusy;
	}

	public void setLiveBusy(boolean busy) {
		liveBusy = busy;
		fire(Change.LIVE);
	}

	/** The live session moved on (phase, proposals, decisions, push results): its views re-render. */
	public void liveChanged() {
		fire(Change.LIVE);
	}

	/** Kept traces of a group, in arrival order. */
	public List<Trace> tracesOf(AnalysisReport.Group g) {
		Analysed a = analysed;
		if (a == null) {
			return List.of();
		}
		List<Trace> out = new ArrayList<>();
		for (String id : g.group().traceIds()) {
			Trace t = a.traces().get(id);
			if (t != null) {
				out.add(t);
			}
		}
		return out;
	}

	/**
	 * Durations (ns) of one edge of a shown trace's critical path over the kept traces of its group: what the edge's
	 * distribution view draws. The edge may stand for several path steps (across a collapsed span); each step is the
	 * group's edge of its label, and a trace's value is its contribution to them (0 where its path skips them), so it
	 * means the same edge in traces whose paths differ.
	 */
	public static double[] edgeDurations(AnalysisReport.Group group, List<Trace> traces, Trace shown, int position,
			int steps) {
		CriticalPath shownPath = CriticalPath.of(shown);
		java.util.Set<Integer> slots = new java.util.TreeSet<>();
		for (int k = position; k < position + steps; k++) {
			int slot = group.group().slotOf(shownPath, k);
			if (slot >= 0) {
				slots.add(slot);
			}
		}
		if (slots.isEmpty()) {
			return new double[0];
		}
		double[] out = new double[traces.size()];
		for (int i = 0; i < traces.size(); i++) {
			double[] c = group.group().contributions(CriticalPath.of(traces.get(i)));
			for (int slot : slots) {
				out[i] += slot < c.length ? c[slot] : 0;
			}
		}
		return out;
	}
}
