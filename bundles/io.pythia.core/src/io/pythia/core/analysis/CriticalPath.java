// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.Arrays;

import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * The chain of events that determined a request's response time: from the end event walk back, always to the
 * predecessor that finished last, until an event with no predecessor. Its edges carry the durations that add up to
 * the response time.
 */
public final class CriticalPath {

	private final Trace trace;
	private final int[] events;

	private CriticalPath(Trace trace, int[] events) {
		this.trace = trace;
		this.events = events;
	}

	public static CriticalPath of(Trace trace) {
		int[] path = new int[16];
		int len = 0;
		int current = trace.endEvent();
		boolean[] visited = new boolean[trace.size()];
		while (true) {
			if (len == path.length) {
				path = Arrays.copyOf(path, len * 2);
			}
			path[len++] = current;
			visited[current] = true;
			int next = latestPredecessor(trace, current);
			if (next < 0 || visited[next]) {
				break;
			}
			current = next;
		}
		int[] events = new int[len];
		for (int i = 0; i < len; i++) {
			events[i] = path[len - 1 - i];
		}
		return new CriticalPath(trace, events);
	}

	/**
	 * The predecessor with the latest time. On a tie, a child's exit wins over the span's own entry (so the path
	 * descends into the work that filled the time), then the later-listed predecessor.
	 */
	private static int latestPredecessor(Trace t, int event) {
		int count = t.predecessorCount(event);
		int best = -1;
		for (int i = 0; i < count; i++) {
			int p = t.predecessor(event, i);
			if (best < 0 || t.time(p) > t.time(best)
					|| t.time(p) == t.time(best) && t.kind(best) == EventKind.ENTRY && t.kind(p) != EventKind.ENTRY) {
				best = p;
			}
		}
		return best;
	}

	public Trace trace() {
		return trace;
	}

	/** Events on the path, first to last. */
	public int[] events() {
		return events.clone();
	}

	public int length() {
		return events.length;
	}

	public int event(int i) {
		return events[i];
	}

	/** Number of edges (events - 1). */
	public int edgeCount() {
		return events.length - 1;
	}

	/** Duration of edge i (from event i to event i+1) in nanoseconds. */
	public long edgeDuration(int i) {
		return trace.time(events[i + 1]) - trace.time(events[i]);
	}

	/** Sum of the edge durations: the response time along the path. */
	public long duration() {
		return trace.time(events[events.length - 1]) - trace.time(events[0]);
	}

	/** Node label of path position i: tracepoint and event kind, e.g. "api:GET /servers start". */
	public String step(int i) {
		int e = events[i];
		return trace.tracepoint(e) + " " + trace.kind(e).label();
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < events.length; i++) {
			sb.append(i == 0 ? "" : " -> ").append(step(i));
		}
		return sb.toString();
	}
}
