// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the events of an event-based trace (X-Trace, whose reports name the events each one follows) into its
 * happens-before graph. Edges to events missing from the trace are dropped with a warning; duplicate ids are renamed;
 * a cycle rejects the trace.
 */
public final class EventTraceAssembler {

	private final String format;
	private final Interner interner;
	private final Consumer<TraceWarning> warnings;

	public EventTraceAssembler(String format, Interner interner, Consumer<TraceWarning> warnings) {
		this.format = format;
		this.interner = interner;
		this.warnings = warnings;
	}

	/**
	 * @throws TraceFormatException when there are no events or the edges form a cycle
	 */
	public Trace assemble(String traceId, List<EventInput> input) throws TraceFormatException {
		int n = input.size();
		if (n == 0) {
			throw new TraceFormatException("trace " + traceId + " has no events");
		}
		Map<String, Integer> index = new HashMap<>(n * 2);
		List<String> duplicates = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String id = input.get(i).id();
			if (index.putIfAbsent(id, i) != null) {
				duplicates.add(id);
			}
		}
		if (!duplicates.isEmpty()) {
			warn(traceId, duplicates.size() + " event(s) reuse an id already taken in this trace ("
					+ SpanTraceAssembler.sample(duplicates) + "): kept as separate events; edges name the first");
		}
		SpanTraceAssembler.EdgeList edges = new SpanTraceAssembler.EdgeList(n * 2);
		List<String> dangling = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			for (String p : input.get(i).parentIds()) {
				Integer from = index.get(p);
				if (from == null) {
					dangling.add(p);
				} else if (from != i) {
					edges.add(from, i);
				}
			}
		}
		if (!dangling.isEmpty()) {
			warn(traceId, dangling.size() + " edge(s) come from events missing from the trace ("
					+ SpanTraceAssembler.sample(dangling) + "): those edges were dropped");
		}
		int[][] csr = edges.byTarget(n);
		rejectCycles(traceId, input, csr, n);

		String[] tracepoints = new String[n];
		byte[] kinds = new byte[n];
		long[] times = new long[n];
		int[] attributeIndex = new int[n];
		Attributes[] attributes = new Attributes[n];
		boolean[] hasSuccessor = new boolean[n];
		for (int p : csr[1]) {
			hasSuccessor[p] = true;
		}
		int root = -1;
		int end = -1;
		for (int i = 0; i < n; i++) {
			EventInput e = input.get(i);
			tracepoints[i] = interner.intern(e.tracepoint());
			kinds[i] = (byte) EventKind.POINT.ordinal();
			times[i] = e.timeNanos();
			Attributes a = e.attributes() == null ? Attributes.NONE : e.attributes();
			attributes[i] = new Attributes(interner.intern(a.service()), interner.intern(a.host()),
					interner.intern(a.operation()), a.tags());
			attributeIndex[i] = i;
			if (csr[0][i + 1] == csr[0][i] && (root < 0 || times[i] < times[root])) {
				root = i;
			}
			if (!hasSuccessor[i] && (end < 0 || times[i] >= times[end])) {
				end = i;
			}
		}
		int[] enclosing = new int[n];
		java.util.Arrays.fill(enclosing, -1); // event reports carry no nesting
		return new Trace(traceId, format, tracepoints, kinds, times, csr[0], csr[1], attributeIndex, attributes,
				enclosing, root, end, 0, 0);
	}

	/** Kahn's algorithm: events left over after removing all sources in turn lie on a cycle. */
	private static void rejectCycles(String traceId, List<EventInput> input, int[][] csr, int n)
			throws TraceFormatException {
		int[] indegree = new int[n];
		int[] successorCount = new int[n + 1];
		for (int e = 0; e < n; e++) {
			indegree[e] = csr[0][e + 1] - csr[0][e];
			for (int k = csr[0][e]; k < csr[0][e + 1]; k++) {
				successorCount[csr[1][k] + 1]++;
			}
		}
		for (int e = 0; e < n; e++) {
			successorCount[e + 1] += successorCount[e];
		}
		int[] successors = new int[csr[1].length];
		int[] fill = java.util.Arrays.copyOf(successorCount, n);
		for (int e = 0; e < n; e++) {
			for (int k = csr[0][e]; k < csr[0][e + 1]; k++) {
				successors[fill[csr[1][k]]++] = e;
			}
		}
		int[] queue = new int[n];
		int head = 0;
		int tail = 0;
		for (int e = 0; e < n; e++) {
			if (indegree[e] == 0) {
				queue[tail++] = e;
			}
		}
		while (head < tail) {
			int e = queue[head++];
			for (int k = successorCount[e]; k < successorCount[e + 1]; k++) {
				if (--indegree[successors[k]] == 0) {
					queue[tail++] = successors[k];
				}
			}
		}
		if (tail < n) {
			List<String> onCycle = new ArrayList<>();
			for (int e = 0; e < n; e++) {
				if (indegree[e] > 0) {
					onCycle.add(input.get(e).id());
				}
			}
			throw new TraceFormatException("trace " + traceId + ": edges form a cycle through "
					+ SpanTraceAssembler.sample(onCycle) + ", so it is no happens-before graph; trace rejected");
		}
	}

	private void warn(String traceId, String message) {
		warnings.accept(new TraceWarning(traceId, message));
	}
}
