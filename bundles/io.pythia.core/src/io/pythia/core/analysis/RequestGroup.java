// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * Requests expected to perform alike: same request type and same structure, by workflow (the calls made, see
 * {@link WorkflowStructure}) or by critical path (the sequence of tracepoints and event kinds along it), timing
 * ignored. Statistics are kept online, so traces can be released after they are added: the response times (for
 * percentiles), and per critical-path edge its mean, variance and co-moment with the response time, which give each
 * edge's share of the group's variance.
 * <p>
 * By critical path, edge i is the path's i-th edge. By workflow, the paths of a group's traces may differ, so an
 * edge is a label (from tracepoint and kind, to tracepoint and kind) and its value in a trace is its contribution:
 * the time the trace's critical path spends on edges of that label, 0 when it takes none. The contributions of a
 * trace add up to its response time, so the shares Cov(edge, T) / Var(T) still add up to 1.
 */
public final class RequestGroup {

	/** An edge label: what a workflow group's statistics are kept by. */
	private record EdgeKey(String from, EventKind fromKind, String to, EventKind toKind) {
	}

	private final String id;
	private final String requestType;
	private final Grouping grouping;
	/** The representative's critical path, for {@link #tracepoint(int)} and the edges' positions. */
	private final String[] tracepoints;
	private final EventKind[] kinds;
	private final Trace representative;
	/** Workflow grouping: the edge labels seen, in order of first appearance, and their indices. */
	private final List<EdgeKey> keys = new ArrayList<>();
	private final Map<EdgeKey, Integer> keyIndex = new HashMap<>();
	private final long structure;
	private int count;
	private double[] responseTimes = new double[8];
	private double meanT;
	private double m2T;
	private double[] meanX;
	private double[] m2X;
	private double[] coXT;
	private double[] x = new double[0];
	private final List<String> traceIds = new ArrayList<>();
	private static final int TRACE_IDS_KEPT = 10_000;

	RequestGroup(String id, String requestType, Grouping grouping, long structure, CriticalPath first) {
		this.id = id;
		this.requestType = requestType;
		this.grouping = grouping;
		this.structure = structure;
		int len = first.length();
		this.tracepoints = new String[len];
		this.kinds = new EventKind[len];
		for (int i = 0; i < len; i++) {
			tracepoints[i] = first.trace().tracepoint(first.event(i));
			kinds[i] = first.trace().kind(first.event(i));
		}
		this.representative = first.trace();
		int edges = grouping == Grouping.CRITICAL_PATH ? len - 1 : 0;
		this.meanX = new double[edges];
		this.m2X = new double[edges];
		this.coXT = new double[edges];
	}

	/** Whether a trace of this request type, with this workflow structure and critical path, belongs here. */
	boolean matches(String type, long structure, CriticalPath path) {
		if (!requestType.equals(type)) {
			return false;
		}
		if (grouping == Grouping.WORKFLOW) {
			return this.structure == structure;
		}
		if (path.length() != tracepoints.length) {
			return false;
		}
		for (int i = 0; i < tracepoints.length; i++) {
			int e = path.event(i);
			if (path.trace().kind(e) != kinds[i] || !path.trace().tracepoint(e).equals(tracepoints[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Welford's online update of means, variances and co-moments with the response time. An edge label first seen
	 * now starts at mean, variance and co-moment 0: exactly what the earlier traces, where it contributed 0, give.
	 */
	void add(CriticalPath path) {
		count++;
		double t = path.duration();
		if (count > responseTimes.length) {
			responseTimes = Arrays.copyOf(responseTimes, responseTimes.length * 2);
		}
		responseTimes[count - 1] = t;
		double dT = t - meanT;
		meanT += dT / count;
		double dTAfter = t - meanT;
		m2T += dT * dTAfter;
		double[] values = contributions(path, true);
		for (int i = 0; i < values.length; i++) {
			double v = values[i];
			double dX = v - meanX[i];
			meanX[i] += dX / count;
			m2X[i] += dX * (v - meanX[i]);
			coXT[i] += dX * dTAfter;
		}
		if (traceIds.size() < TRACE_IDS_KEPT) {
			traceIds.add(path.trace().id());
		}
	}

	/**
	 * A trace's value of each of the group's edges, indexed as {@link EdgeShare#slot()}: the path's edge durations
	 * by critical path, the contributions by workflow (labels the group has not seen are left out).
	 */
	public double[] contributions(CriticalPath path) {
		return contributions(path, false).clone();
	}

	/**
	 * The slot of the edge at a position of a trace's critical path: the position itself by critical path, the slot
	 * of its label by workflow; -1 when the group has no statistics for it.
	 */
	public int slotOf(CriticalPath path, int position) {
		if (position < 0 || position >= path.edgeCount()) {
			return -1;
		}
		if (grouping == Grouping.CRITICAL_PATH) {
			return position < meanX.length ? position : -1;
		}
		Trace t = path.trace();
		int a = path.event(position);
		int b = path.event(position + 1);
		Integer slot = keyIndex.get(new EdgeKey(t.tracepoint(a), t.kind(a), t.tracepoint(b), t.kind(b)));
		return slot == null ? -1 : slot;
	}

	/** The same, in an array the next call reuses; {@code learn} gives labels not seen before a slot. */
	private double[] contributions(CriticalPath path, boolean learn) {
		if (grouping == Grouping.CRITICAL_PATH) {
			if (x.length != meanX.length) {
				x = new double[meanX.length];
			}
			for (int i = 0; i < x.length; i++) {
				x[i] = i < path.edgeCount() ? path.edgeDuration(i) : 0;
			}
			return x;
		}
		Trace trace = path.trace();
		int[] slots = new int[path.edgeCount()];
		for (int i = 0; i < slots.length; i++) {
			int a = path.event(i);
			int b = path.event(i + 1);
			EdgeKey key = new EdgeKey(trace.tracepoint(a), trace.kind(a), trace.tracepoint(b), trace.kind(b));
			Integer slot = keyIndex.get(key);
			if (slot == null && learn) {
				slot = keys.size();
				keys.add(key);
				keyIndex.put(key, slot);
			}
			slots[i] = slot == null ? -1 : slot;
		}
		if (meanX.length < keys.size()) {
			int n = Math.max(keys.size(), meanX.length * 2);
			meanX = Arrays.copyOf(meanX, n);
			m2X = Arrays.copyOf(m2X, n);
			coXT = Arrays.copyOf(coXT, n);
		}
		if (x.length != keys.size()) {
			x = new double[keys.size()];
		} else {
			Arrays.fill(x, 0);
		}
		for (int i = 0; i < slots.length; i++) {
			if (slots[i] >= 0) {
				x[slots[i]] += path.edgeDuration(i);
			}
		}
		return x;
	}

	/** Number of edges the statistics are kept for. */
	int edges() {
		return grouping == Grouping.CRITICAL_PATH ? meanX.length : keys.size();
	}

	public Grouping grouping() {
		return grouping;
	}

	public String id() {
		return id;
	}

	public String requestType() {
		return requestType;
	}

	public int count() {
		return count;
	}

	/** A trace of this group (the first one seen), for drawing its workflow graph. */
	public Trace representative() {
		return representative;
	}

	/** Ids of the group's traces, in arrival order (the first 10,000). */
	public List<String> traceIds() {
		return List.copyOf(traceIds);
	}

	/** Response-time statistics in nanoseconds. */
	public LatencySummary latency() {
		LatencySummary s = LatencySummary.of(Arrays.copyOf(responseTimes, count));
		// the online variance is the one the edge shares are relative to
		return new LatencySummary(count, meanT, m2T / count, s.p50(), s.p90(), s.p99());
	}

	/** Steps of the representative's critical path: tracepoint of step i. */
	public String tracepoint(int step) {
		return tracepoints[step];
	}

	public EventKind kind(int step) {
		return kinds[step];
	}

	public int steps() {
		return tracepoints.length;
	}

	/**
	 * Each critical-path edge's share of the group's response-time variance: Cov(edge, response time) / Var(response
	 * time), which is the edge's variance plus its covariances with every other edge, over the total. The shares sum
	 * to 1 (0 each when the group has no variance). Sorted by share, largest first.
	 */
	public List<EdgeShare> edgeShares() {
		int n = edges();
		List<EdgeShare> shares = new ArrayList<>(n);
		Map<EdgeKey, Integer> onRepresentative = new HashMap<>();
		if (grouping == Grouping.WORKFLOW) {
			for (int i = tracepoints.length - 2; i >= 0; i--) {
				onRepresentative.put(new EdgeKey(tracepoints[i], kinds[i], tracepoints[i + 1], kinds[i + 1]), i);
			}
		}
		for (int i = 0; i < n; i++) {
			double share = m2T > 0 ? coXT[i] / m2T : 0;
			double own = m2T > 0 ? m2X[i] / m2T : 0;
			double variance = count > 0 ? m2X[i] / count : 0;
			if (grouping == Grouping.CRITICAL_PATH) {
				shares.add(new EdgeShare(i, i, tracepoints[i], kinds[i], tracepoints[i + 1], kinds[i + 1], share, own,
						meanX[i], variance));
			} else {
				EdgeKey k = keys.get(i);
				shares.add(new EdgeShare(i, onRepresentative.getOrDefault(k, -1), k.from(), k.fromKind(), k.to(),
						k.toKind(), share, own, meanX[i], variance));
			}
		}
		shares.sort(Comparator.comparingDouble(EdgeShare::share).reversed().thenComparingInt(EdgeShare::slot));
		return shares;
	}

	@Override
	public String toString() {
		return "RequestGroup " + id + " (" + requestType + ", " + count + " traces)";
	}
}
