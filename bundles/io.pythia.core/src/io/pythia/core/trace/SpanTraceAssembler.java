// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Turns the spans of one trace into its happens-before graph of events, repairing what real traces get wrong and
 * saying so: duplicate span ids, parents missing from the trace, spans without duration, clock skew between hosts.
 * Parent references that form a cycle cannot be repaired: such a trace is rejected.
 *
 * <p>
 * Each span gives an entry and an exit event. A child's entry follows its parent's entry, or, when an earlier
 * sibling had already finished, the exit of the sibling that finished last (the work ran in sequence). A child that
 * ends within its parent joins the parent's exit unless a later sibling continues after it; a child that outlives
 * its parent is asynchronous and joins nothing.
 */
public final class SpanTraceAssembler {

	/** Tracepoint of the root added when a trace has several top-level spans or orphans. */
	public static final String SYNTHETIC_ROOT = "pythia:synthetic-root";

	private final String format;
	private final Interner interner;
	private final Consumer<TraceWarning> warnings;

	public SpanTraceAssembler(String format, Interner interner, Consumer<TraceWarning> warnings) {
		this.format = format;
		this.interner = interner;
		this.warnings = warnings;
	}

	/**
	 * @throws TraceFormatException when there are no spans or the parent references form a cycle
	 */
	public Trace assemble(String traceId, List<SpanInput> input) throws TraceFormatException {
		int n = input.size();
		if (n == 0) {
			throw new TraceFormatException("trace " + traceId + " has no spans");
		}
		String[] ids = new String[n];
		long[] start = new long[n];
		long[] end = new long[n];
		int[] parent = new int[n];
		Map<String, Integer> index = resolveIds(traceId, input, ids);
		boolean[] orphan = resolveParents(traceId, input, index, parent);
		rejectCycles(traceId, ids, parent);

		int[][] children = childrenOf(parent, n);
		int[] preorder = preorder(parent, children, n);
		for (int i = 0; i < n; i++) {
			start[i] = input.get(i).startNanos();
		}
		completeDurations(traceId, input, children, preorder, start, end);
		correctClockSkew(traceId, input, parent, preorder, start, end);

		List<Integer> topLevel = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (parent[i] < 0) {
				topLevel.add(i);
			}
		}
		boolean synthetic = topLevel.size() > 1 || orphanCount(orphan) > 0;
		int spans = n + (synthetic ? 1 : 0);
		String[] tracepoints = new String[2 * spans];
		byte[] kinds = new byte[2 * spans];
		long[] times = new long[2 * spans];
		int[] attributeIndex = new int[2 * spans];
		Attributes[] attributes = new Attributes[spans];
		for (int i = 0; i < n; i++) {
			SpanInput s = input.get(i);
			String tp = interner.intern(s.tracepoint());
			tracepoints[2 * i] = tp;
			tracepoints[2 * i + 1] = tp;
			kinds[2 * i] = (byte) EventKind.ENTRY.ordinal();
			kinds[2 * i + 1] = (byte) EventKind.EXIT.ordinal();
			times[2 * i] = start[i];
			times[2 * i + 1] = end[i];
			attributes[i] = internAttributes(s.attributes());
			attributeIndex[2 * i] = i;
			attributeIndex[2 * i + 1] = i;
		}

		EdgeList edges = new EdgeList(2 * spans + 2 * n);
		boolean[] followedBySync = new boolean[spans];
		for (int i = 0; i < n; i++) {
			edges.add(2 * i, 2 * i + 1);
			linkChildren(i, children[i], start, end, edges, followedBySync);
		}
		int rootSpan;
		int firstRecorded = topLevel.get(0);
		for (int t : topLevel) {
			if (start[t] < start[firstRecorded]) {
				firstRecorded = t;
			}
		}
		if (synthetic) {
			rootSpan = n;
			long min = Long.MAX_VALUE;
			long max = Long.MIN_VALUE;
			for (int t : topLevel) {
				min = Math.min(min, start[t]);
				max = Math.max(max, end[t]);
			}
			tracepoints[2 * n] = SYNTHETIC_ROOT;
			tracepoints[2 * n + 1] = SYNTHETIC_ROOT;
			kinds[2 * n] = (byte) EventKind.ENTRY.ordinal();
			kinds[2 * n + 1] = (byte) EventKind.EXIT.ordinal();
			times[2 * n] = min;
			times[2 * n + 1] = max;
			attributes[n] = new Attributes("pythia", "", "synthetic root", Map.of());
			attributeIndex[2 * n] = n;
			attributeIndex[2 * n + 1] = n;
			edges.add(2 * n, 2 * n + 1);
			linkChildren(n, topLevel.stream().mapToInt(Integer::intValue).toArray(), padded(start, min),
					padded(end, max), edges, followedBySync);
		} else {
			rootSpan = firstRecorded;
		}
		int[] enclosing = new int[2 * spans];
		for (int i = 0; i < n; i++) {
			int context = parent[i] >= 0 ? 2 * parent[i] : synthetic ? 2 * n : -1;
			enclosing[2 * i] = context;
			enclosing[2 * i + 1] = context;
		}
		if (synthetic) {
			enclosing[2 * n] = -1;
			enclosing[2 * n + 1] = -1;
		}
		int[][] csr = edges.byTarget(2 * spans);
		return new Trace(traceId, format, tracepoints, kinds, times, csr[0], csr[1], attributeIndex, attributes,
				enclosing, 2 * firstRecorded, 2 * rootSpan + 1, synthetic ? 2 : 0, n);
	}

	/** Gives every span a unique id; returns the index of each id. */
	private Map<String, Integer> resolveIds(String traceId, List<SpanInput> input, String[] ids) {
		Map<String, Integer> seen = new HashMap<>(input.size() * 2);
		List<String> renamed = new ArrayList<>();
		for (int i = 0; i < input.size(); i++) {
			String id = input.get(i).id();
			if (id == null || id.isEmpty()) {
				id = "(no id " + i + ")";
			}
			String unique = id;
			if (seen.putIfAbsent(id, i) != null) {
				for (int k = 2; seen.containsKey(unique); k++) {
					unique = id + "#" + k;
				}
				renamed.add(id);
				seen.put(unique, i);
			}
			ids[i] = unique;
		}
		if (!renamed.isEmpty()) {
			warn(traceId, renamed.size() + " span(s) reuse an id already taken in this trace (" + sample(renamed)
					+ "): kept as separate spans, renamed id#2, id#3...; children attach to the first");
		}
		return seen;
	}

	private boolean[] resolveParents(String traceId, List<SpanInput> input, Map<String, Integer> index, int[] parent) {
		boolean[] orphan = new boolean[parent.length];
		List<String> missing = new ArrayList<>();
		for (int i = 0; i < parent.length; i++) {
			String pid = input.get(i).parentId();
			parent[i] = -1;
			if (pid == null || pid.isEmpty()) {
				continue;
			}
			Integer p = index.get(pid);
			if (p == null) {
				orphan[i] = true;
				missing.add(pid);
			} else {
				parent[i] = p;
			}
		}
		if (!missing.isEmpty()) {
			warn(traceId, missing.size() + " span(s) name a parent missing from the trace (" + sample(missing)
					+ "): kept under a synthetic root");
		}
		return orphan;
	}

	private static void rejectCycles(String traceId, String[] ids, int[] parent) throws TraceFormatException {
		byte[] state = new byte[ids.length]; // 0 new, 1 on the current walk, 2 done
		int[] walk = new int[ids.length];
		for (int i = 0; i < ids.length; i++) {
			int len = 0;
			int j = i;
			while (j >= 0 && state[j] == 0) {
				state[j] = 1;
				walk[len++] = j;
				j = parent[j];
			}
			if (j >= 0 && state[j] == 1) {
				StringBuilder cycle = new StringBuilder(ids[j]);
				for (int k = parent[j]; k != j; k = parent[k]) {
					cycle.append(" -> ").append(ids[k]);
				}
				cycle.append(" -> ").append(ids[j]);
				throw new TraceFormatException("trace " + traceId
						+ ": parent references form a cycle (" + cycle + "), so it is no happens-before graph; trace rejected");
			}
			for (int k = 0; k < len; k++) {
				state[walk[k]] = 2;
			}
		}
	}

	private static int[][] childrenOf(int[] parent, int n) {
		int[] count = new int[n];
		for (int p : parent) {
			if (p >= 0) {
				count[p]++;
			}
		}
		int[][] children = new int[n][];
		for (int i = 0; i < n; i++) {
			children[i] = new int[count[i]];
			count[i] = 0;
		}
		for (int i = 0; i < n; i++) {
			if (parent[i] >= 0) {
				children[parent[i]][count[parent[i]]++] = i;
			}
		}
		return children;
	}

	/** Spans ordered so that every parent comes before its children. */
	private static int[] preorder(int[] parent, int[][] children, int n) {
		int[] order = new int[n];
		int[] stack = new int[n];
		int len = 0;
		int sp = 0;
		for (int i = 0; i < n; i++) {
			if (parent[i] < 0) {
				stack[sp++] = i;
				while (sp > 0) {
					int s = stack[--sp];
					order[len++] = s;
					for (int c : children[s]) {
						stack[sp++] = c;
					}
				}
			}
		}
		return order;
	}

	/** A span without duration ends with its last child, or where it starts. */
	private void completeDurations(String traceId, List<SpanInput> input, int[][] children, int[] preorder,
			long[] start, long[] end) {
		List<String> missing = new ArrayList<>();
		for (int k = preorder.length - 1; k >= 0; k--) { // children before parents
			int i = preorder[k];
			long d = input.get(i).durationNanos();
			if (d >= 0) {
				end[i] = start[i] + d;
				continue;
			}
			long e = start[i];
			for (int c : children[i]) {
				e = Math.max(e, end[c]);
			}
			end[i] = e;
			missing.add(input.get(i).id());
		}
		if (!missing.isEmpty()) {
			warn(traceId, missing.size() + " span(s) have no duration (" + sample(missing)
					+ "): each ends with its last child, or at its start when it has none");
		}
	}

	/**
	 * Corrects children that start before their parent or end after it on another host, as Jaeger's clock-skew
	 * adjuster does: a span on another clock than its parent is centred in the parent (network latency split evenly
	 * between request and response); spans on the same clock inherit their parent's correction.
	 */
	private void correctClockSkew(String traceId, List<SpanInput> input, int[] parent, int[] preorder, long[] start,
			long[] end) {
		long[] delta = new long[start.length];
		int shifted = 0;
		long largest = 0;
		for (int i : preorder) {
			int p = parent[i];
			if (p < 0) {
				continue;
			}
			String clock = clockOf(input.get(i).attributes());
			if (!clock.isEmpty() && clock.equals(clockOf(input.get(p).attributes()))) {
				delta[i] = delta[p];
			} else {
				delta[i] = skew(start[i], end[i] - start[i], start[p], end[p] - start[p]);
			}
			if (delta[i] != 0) {
				start[i] += delta[i];
				end[i] += delta[i];
				shifted++;
				largest = Math.max(largest, Math.abs(delta[i]));
			}
		}
		if (shifted > 0) {
			warn(traceId, "clock skew: " + shifted + " span(s) started before their parent or ended after it on another host; "
					+ "their timestamps were shifted (largest shift " + micros(largest) + "), as Jaeger's adjuster does");
		}
	}

	private static long skew(long childStart, long childDuration, long parentStart, long parentDuration) {
		if (parentDuration < childDuration) {
			// a parent shorter than its child may be asynchronous: only fix a start before the parent's
			return childStart < parentStart ? parentStart - childStart : 0;
		}
		if (childStart >= parentStart && childStart + childDuration <= parentStart + parentDuration) {
			return 0;
		}
		long latency = (parentDuration - childDuration) / 2;
		return parentStart + latency - childStart;
	}

	private static String clockOf(Attributes a) {
		return a.host().isEmpty() ? a.service() : a.service() + "@" + a.host();
	}

	private static void linkChildren(int parentSpan, int[] kids, long[] start, long[] end, EdgeList edges,
			boolean[] followedBySync) {
		if (kids.length == 0) {
			return;
		}
		Integer[] order = new Integer[kids.length];
		for (int k = 0; k < kids.length; k++) {
			order[k] = kids[k];
		}
		boolean ordered = true;
		for (int k = 1; k < order.length && ordered; k++) {
			int a = order[k - 1];
			int b = order[k];
			ordered = start[a] < start[b] || start[a] == start[b] && end[a] <= end[b];
		}
		if (!ordered) {
			Arrays.sort(order, (a, b) -> start[a] != start[b] ? Long.compare(start[a], start[b]) : Long.compare(end[a], end[b]));
		}
		long parentEnd = end[parentSpan];
		PriorityQueue<Integer> running = new PriorityQueue<>((a, b) -> Long.compare(end[a], end[b]));
		int lastFinished = -1;
		for (int c : order) {
			while (!running.isEmpty() && end[running.peek()] <= start[c]) {
				int f = running.poll();
				if (lastFinished < 0 || end[f] >= end[lastFinished]) {
					lastFinished = f;
				}
			}
			if (lastFinished >= 0) {
				edges.add(2 * lastFinished + 1, 2 * c);
				if (end[c] <= parentEnd) {
					followedBySync[lastFinished] = true;
				}
			} else {
				edges.add(2 * parentSpan, 2 * c);
			}
			running.add(c);
		}
		for (int c : order) {
			if (end[c] <= parentEnd && !followedBySync[c]) {
				edges.add(2 * c + 1, 2 * parentSpan + 1);
			}
		}
	}

	private static long[] padded(long[] values, long extra) {
		long[] copy = Arrays.copyOf(values, values.length + 1);
		copy[values.length] = extra;
		return copy;
	}

	private static int orphanCount(boolean[] orphan) {
		int c = 0;
		for (boolean o : orphan) {
			c += o ? 1 : 0;
		}
		return c;
	}

	private Attributes internAttributes(Attributes a) {
		if (a == null) {
			return Attributes.NONE;
		}
		// tag keys are the importer's to intern; the map is kept as given
		String service = interner.intern(a.service());
		String host = interner.intern(a.host());
		String operation = interner.intern(a.operation());
		if (service == a.service() && host == a.host() && operation == a.operation()) {
			return a; // importers mostly pass canonical strings already: no copy
		}
		return new Attributes(service, host, operation, a.tags());
	}

	private void warn(String traceId, String message) {
		warnings.accept(new TraceWarning(traceId, message));
	}

	static String sample(List<String> values) {
		List<String> distinct = values.stream().distinct().toList();
		return distinct.size() <= 3 ? String.join(", ", distinct)
				: String.join(", ", distinct.subList(0, 3)) + ", and " + (distinct.size() - 3) + " more";
	}

	static String micros(long nanos) {
		return nanos % 1000 == 0 ? (nanos / 1000) + " µs" : String.format("%.3f µs", nanos / 1000.0);
	}

	/** Happens-before edges collected as pairs, then grouped by target. */
	static final class EdgeList {
		private int[] from;
		private int[] to;
		private int size;

		EdgeList(int capacity) {
			from = new int[Math.max(4, capacity)];
			to = new int[from.length];
		}

		void add(int f, int t) {
			if (size == from.length) {
				from = Arrays.copyOf(from, size * 2);
				to = Arrays.copyOf(to, size * 2);
			}
			from[size] = f;
			to[size] = t;
			size++;
		}

		/** {start offsets per event (length events+1), predecessor list}. */
		int[][] byTarget(int events) {
			int[] startAt = new int[events + 1];
			for (int i = 0; i < size; i++) {
				startAt[to[i] + 1]++;
			}
			for (int e = 0; e < events; e++) {
				startAt[e + 1] += startAt[e];
			}
			int[] fill = Arrays.copyOf(startAt, events);
			int[] preds = new int[size];
			for (int i = 0; i < size; i++) {
				preds[fill[to[i]]++] = from[i];
			}
			return new int[][] { startAt, preds };
		}
	}
}
