// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * Requests expected to perform alike: same request type and same critical-path structure (the sequence of
 * tracepoints and event kinds along the path, timing ignored). Statistics are kept online, so traces can be released
 * after they are added: the response times (for percentiles), and per critical-path edge its mean, variance and
 * co-moment with the response time, which give each edge's share of the group's variance.
 */
public final class RequestGroup {

	private final String id;
	private final String requestType;
	private final String[] tracepoints;
	private final EventKind[] kinds;
	private final Trace representative;
	private int count;
	private double[] responseTimes = new double[8];
	private double meanT;
	private double m2T;
	private final double[] meanX;
	private final double[] m2X;
	private final double[] coXT;
	private final List<String> traceIds = new ArrayList<>();
	private static final int TRACE_IDS_KEPT = 10_000;

	RequestGroup(String id, String requestType, CriticalPath first) {
		this.id = id;
		this.requestType = requestType;
		int len = first.length();
		this.tracepoints = new String[len];
		this.kinds = new EventKind[len];
		for (int i = 0; i < len; i++) {
			tracepoints[i] = first.trace().tracepoint(first.event(i));
			kinds[i] = first.trace().kind(first.event(i));
		}
		this.representative = first.trace();
		this.meanX = new double[len - 1];
		this.m2X = new double[len - 1];
		this.coXT = new double[len - 1];
	}

	/** Whether a path has this group's request type and structure. */
	boolean matches(String type, CriticalPath path) {
		if (path.length() != tracepoints.length || !requestType.equals(type)) {
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

	/** Welford's online update of means, variances and co-moments with the response time. */
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
		for (int i = 0; i < meanX.length; i++) {
			double x = path.edgeDuration(i);
			double dX = x - meanX[i];
			meanX[i] += dX / count;
			m2X[i] += dX * (x - meanX[i]);
			coXT[i] += dX * dTAfter;
		}
		if (traceIds.size() < TRACE_IDS_KEPT) {
			traceIds.add(path.trace().id());
		}
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

	/** Positions along the critical path: tracepoint of step i. */
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
		List<EdgeShare> shares = new ArrayList<>(meanX.length);
		for (int i = 0; i < meanX.length; i++) {
			double share = m2T > 0 ? coXT[i] / m2T : 0;
			double own = m2T > 0 ? m2X[i] / m2T : 0;
			shares.add(new EdgeShare(i, tracepoints[i], kinds[i], tracepoints[i + 1], kinds[i + 1], share, own,
					meanX[i], count > 0 ? m2X[i] / count : 0));
		}
		shares.sort(Comparator.comparingDouble(EdgeShare::share).reversed().thenComparingInt(EdgeShare::position));
		return shares;
	}

	@Override
	public String toString() {
		return "RequestGroup " + id + " (" + requestType + ", " + count + " traces)";
	}
}
