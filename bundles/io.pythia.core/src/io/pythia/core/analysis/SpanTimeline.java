// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * A trace as a span timeline (waterfall): one row per span (or point event), children under their parent in start
 * order, and the critical path as segments on the rows of the spans that were running. The path comes from the
 * event graph ({@link CriticalPath}), so it is right for asynchronous and multi-parent work: a segment from an
 * event to the next on the path belongs to the span that event starts, or, after a span's end, to its parent.
 *
 * @param start    the trace's first event time (ns)
 * @param end      its last event time (ns)
 * @param rows     spans depth first, children by start time
 * @param segments the critical path, first to last, as time on rows; their lengths add up to the path's duration
 */
public record SpanTimeline(String traceId, long start, long end, List<Row> rows, List<Segment> segments) {

	/**
	 * One span.
	 *
	 * @param parent   index of the parent row, or -1 at the top
	 * @param depth    0 at the top
	 * @param children rows directly under it
	 */
	public record Row(String label, String service, long start, long end, int parent, int depth, int children) {

		public long duration() {
			return end - start;
		}
	}

	/**
	 * Time the critical path spends on a row.
	 *
	 * @param position the path's edge index (as {@link EdgeShare#position()} counts it on a group's representative)
	 */
	public record Segment(int row, long start, long end, int position) {
	}

	/** The timeline of a trace. */
	public static SpanTimeline of(Trace trace) {
		int records = trace.attributeRecords();
		long[] first = new long[records];
		long[] last = new long[records];
		int[] entry = new int[records];
		int[] anyEvent = new int[records];
		Arrays.fill(anyEvent, -1);
		Arrays.fill(first, Long.MAX_VALUE);
		Arrays.fill(last, Long.MIN_VALUE);
		Arrays.fill(entry, -1);
		long start = Long.MAX_VALUE;
		long end = Long.MIN_VALUE;
		for (int e = 0; e < trace.size(); e++) {
			int s = trace.span(e);
			long t = trace.time(e);
			first[s] = Math.min(first[s], t);
			last[s] = Math.max(last[s], t);
			if (trace.kind(e) == EventKind.ENTRY && entry[s] < 0) {
				entry[s] = e;
			}
			if (anyEvent[s] < 0) {
				anyEvent[s] = e;
			}
			start = Math.min(start, t);
			end = Math.max(end, t);
		}
		int[] parentSpan = new int[records];
		Arrays.fill(parentSpan, -1);
		for (int e = 0; e < trace.size(); e++) {
			int s = trace.span(e);
			int enclosing = trace.enclosing(e);
			// the entry's (or a point's) calling context is the parent; an exit's is the same
			if (parentSpan[s] < 0 && enclosing >= 0 && trace.span(enclosing) != s) {
				parentSpan[s] = trace.span(enclosing);
			}
		}
		List<List<Integer>> children = new ArrayList<>();
		for (int s = 0; s < records; s++) {
			children.add(new ArrayList<>());
		}
		List<Integer> tops = new ArrayList<>();
		for (int s = 0; s < records; s++) {
			if (first[s] == Long.MAX_VALUE) {
				continue; // a record without events (none is expected)
			}
			if (parentSpan[s] >= 0) {
				children.get(parentSpan[s]).add(s);
			} else {
				tops.add(s);
			}
		}
		Comparator<Integer> byStart = Comparator.comparingLong((Integer s) -> first[s]).thenComparingInt(s -> s);
		tops.sort(byStart);
		children.forEach(c -> c.sort(byStart));
		List<Row> rows = new ArrayList<>();
		int[] rowOf = new int[records];
		Arrays.fill(rowOf, -1);
		// depth first without recursion: traces can nest thousands deep
		record Visit(int span, int parentRow, int depth) {
		}
		ArrayList<Visit> stack = new ArrayList<>();
		for (int i = tops.size() - 1; i >= 0; i--) {
			stack.add(new Visit(tops.get(i), -1, 0));
		}
		while (!stack.isEmpty()) {
			Visit v = stack.remove(stack.size() - 1);
			Attributes a = trace.attributeRecord(v.span());
			// a span's tracepoint from its entry; a point event has none
			String label = trace.tracepoint(entry[v.span()] >= 0 ? entry[v.span()] : anyEvent[v.span()]);
			rowOf[v.span()] = rows.size();
			rows.add(new Row(label, a == null ? "" : a.service(), first[v.span()], last[v.span()], v.parentRow(), v.depth(),
					children.get(v.span()).size()));
			List<Integer> c = children.get(v.span());
			for (int i = c.size() - 1; i >= 0; i--) {
				stack.add(new Visit(c.get(i), rowOf[v.span()], v.depth() + 1));
			}
		}
		CriticalPath path = CriticalPath.of(trace);
		List<Segment> segments = new ArrayList<>();
		for (int i = 0; i + 1 < path.length(); i++) {
			int a = path.event(i);
			int s = trace.span(a);
			int owner = trace.kind(a) == EventKind.EXIT && parentSpan[s] >= 0 ? parentSpan[s] : s;
			segments.add(new Segment(rowOf[owner], trace.time(a), trace.time(path.event(i + 1)), i));
		}
		return new SpanTimeline(trace.id(), start == Long.MAX_VALUE ? 0 : start, end == Long.MIN_VALUE ? 0 : end,
				List.copyOf(rows), List.copyOf(segments));
	}

	/** Rows whose label contains {@code text} (case-insensitive), in row order. */
	public List<Integer> find(String text) {
		List<Integer> out = new ArrayList<>();
		if (text == null || text.isBlank()) {
			return out;
		}
		String needle = text.toLowerCase(java.util.Locale.ROOT);
		for (int r = 0; r < rows.size(); r++) {
			if (rows.get(r).label().toLowerCase(java.util.Locale.ROOT).contains(needle)) {
				out.add(r);
			}
		}
		return out;
	}

	/**
	 * The rows shown when some are collapsed: a collapsed row stays, its descendants go. Rows are depth first, so a
	 * row's descendants follow it until the depth comes back to its own.
	 */
	public int[] visibleRows(java.util.Set<Integer> collapsed) {
		int[] out = new int[rows.size()];
		int n = 0;
		int hiddenUnder = -1; // depth of the collapsed row whose descendants are being skipped
		for (int r = 0; r < rows.size(); r++) {
			int depth = rows.get(r).depth();
			if (hiddenUnder >= 0) {
				if (depth > hiddenUnder) {
					continue;
				}
				hiddenUnder = -1;
			}
			out[n++] = r;
			if (collapsed.contains(r) && rows.get(r).children() > 0) {
				hiddenUnder = depth;
			}
		}
		return Arrays.copyOf(out, n);
	}
}
