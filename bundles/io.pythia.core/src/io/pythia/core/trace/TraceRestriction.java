// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A trace as it would have been recorded with fewer tracepoints enabled: only the kept events remain, and every
 * happens-before path through removed events becomes a direct edge between the kept ones (edges are contracted).
 * This is how a replay hides disabled instrumentation, and how lean traces are cut.
 */
public final class TraceRestriction {

	private TraceRestriction() {
	}

	/**
	 * @param keep which events stay; the end event always stays, so the response time is unchanged
	 */
	public static Trace restrict(Trace t, IntPredicate keep) {
		int n = t.size();
		boolean[] kept = new boolean[n];
		int[] newIndex = new int[n];
		int count = 0;
		for (int e = 0; e < n; e++) {
			kept[e] = keep.test(e) || e == t.endEvent();
			newIndex[e] = kept[e] ? count++ : -1;
		}
		// nearest kept predecessors of every event, computed once per event (memoized depth-first)
		int[][] keptPreds = new int[n][];
		SpanTraceAssembler.EdgeList edges = new SpanTraceAssembler.EdgeList(count * 2);
		String[] tracepoints = new String[count];
		byte[] kinds = new byte[count];
		long[] times = new long[count];
		int[] attributeIndex = new int[count];
		int[] enclosing = new int[count];
		// events of one span share an attribute index: keep that identity, renumbered
		java.util.Map<Attributes, Integer> attributeSlots = new java.util.IdentityHashMap<>();
		java.util.List<Attributes> attributeList = new java.util.ArrayList<>();
		int recordedKept = 0;
		for (int e = 0; e < n; e++) {
			if (!kept[e]) {
				continue;
			}
			int k = newIndex[e];
			tracepoints[k] = t.tracepoint(e);
			kinds[k] = (byte) t.kind(e).ordinal();
			times[k] = t.time(e);
			attributeIndex[k] = slot(t, e, attributeSlots, attributeList);
			int context = t.enclosing(e);
			while (context >= 0 && !kept[context]) {
				context = t.enclosing(context);
			}
			enclosing[k] = context < 0 ? -1 : newIndex[context];
			for (int p : keptPredecessors(t, e, kept, keptPreds)) {
				edges.add(newIndex[p], k);
			}
			if (!SpanTraceAssembler.SYNTHETIC_ROOT.equals(tracepoints[k])) {
				recordedKept++;
			}
		}
		int root = t.rootEvent();
		while (root >= 0 && !kept[root]) {
			root = t.enclosing(root);
		}
		Attributes[] attributes = attributeList.toArray(new Attributes[0]);
		int[][] csr = edges.byTarget(count);
		if (root < 0) {
			root = firstSource(csr, times, count);
		} else {
			root = newIndex[root];
		}
		int spans = 0;
		for (int k = 0; k < count; k++) {
			if (kinds[k] == EventKind.ENTRY.ordinal() && !SpanTraceAssembler.SYNTHETIC_ROOT.equals(tracepoints[k])) {
				spans++;
			}
		}
		return new Trace(t.id(), t.format(), tracepoints, kinds, times, csr[0], csr[1], attributeIndex, attributes,
				enclosing, root, newIndex[t.endEvent()], count - recordedKept, spans);
	}

	/** Renumbers the attribute slot of event e, so both events of a span keep sharing one. */
	private static int slot(Trace t, int e, java.util.Map<Attributes, Integer> slots, java.util.List<Attributes> list) {
		// assembled traces give each span (or event) its own Attributes instance: identity is span identity
		return slots.computeIfAbsent(t.attributes(e), a -> {
			list.add(a);
			return list.size() - 1;
		});
	}

	/** The kept events reached by walking back from e's predecessors through removed ones. */
	private static int[] keptPredecessors(Trace t, int e, boolean[] kept, int[][] memo) {
		int[] out = new int[4];
		int size = 0;
		for (int i = 0; i < t.predecessorCount(e); i++) {
			int p = t.predecessor(e, i);
			int[] via = kept[p] ? new int[] { p } : throughRemoved(t, p, kept, memo);
			for (int q : via) {
				boolean seen = false;
				for (int j = 0; j < size && !seen; j++) {
					seen = out[j] == q;
				}
				if (!seen) {
					if (size == out.length) {
						out = Arrays.copyOf(out, size * 2);
					}
					out[size++] = q;
				}
			}
		}
		return Arrays.copyOf(out, size);
	}

	private static int[] throughRemoved(Trace t, int removed, boolean[] kept, int[][] memo) {
		if (memo[removed] == null) {
			memo[removed] = new int[0]; // guards against revisiting while computing (the graph is acyclic)
			memo[removed] = keptPredecessors(t, removed, kept, memo);
		}
		return memo[removed];
	}

	private static int firstSource(int[][] csr, long[] times, int count) {
		int best = 0;
		for (int k = 0; k < count; k++) {
			if (csr[0][k + 1] == csr[0][k] && times[k] < times[best]) {
				best = k;
			}
		}
		return best;
	}
}
