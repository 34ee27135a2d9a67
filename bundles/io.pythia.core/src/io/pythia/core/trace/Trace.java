// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.Arrays;

/**
 * One request's workflow: a happens-before DAG of events at tracepoints. Spans are two events (entry and exit);
 * event-based formats give point events. Forks are events with several successors, joins events with several
 * predecessors. Arrays instead of objects per event keep millions of events cheap; a trace is immutable once
 * assembled.
 */
public final class Trace implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	private static final EventKind[] KINDS = EventKind.values();

	private final String id;
	private final String format;
	private final String[] tracepoints;
	private final byte[] kinds;
	private final long[] times;
	private final int[] predecessorStart;
	private final int[] predecessors;
	private final int[] attributeIndex;
	private final int[] enclosing;
	private final Attributes[] attributes;
	private final int rootEvent;
	private final int endEvent;
	private final int syntheticEvents;
	private final int spans;

	Trace(String id, String format, String[] tracepoints, byte[] kinds, long[] times, int[] predecessorStart,
			int[] predecessors, int[] attributeIndex, Attributes[] attributes, int[] enclosing, int rootEvent,
			int endEvent, int syntheticEvents, int spans) {
		this.id = id;
		this.format = format;
		this.tracepoints = tracepoints;
		this.kinds = kinds;
		this.times = times;
		this.predecessorStart = predecessorStart;
		this.predecessors = predecessors;
		this.attributeIndex = attributeIndex;
		this.attributes = attributes;
		this.enclosing = enclosing;
		this.rootEvent = rootEvent;
		this.endEvent = endEvent;
		this.syntheticEvents = syntheticEvents;
		this.spans = spans;
	}

	public String id() {
		return id;
	}

	/** The format it was read from, e.g. "jaeger" or "x-trace". */
	public String format() {
		return format;
	}

	/** Number of events, including the synthetic root's, if any. */
	public int size() {
		return tracepoints.length;
	}

	/** Events that the input recorded (without a synthetic root added during assembly). */
	public int recordedEvents() {
		return tracepoints.length - syntheticEvents;
	}

	/** Spans the input recorded (0 for event-based formats). */
	public int spans() {
		return spans;
	}

	public boolean hasSyntheticRoot() {
		return syntheticEvents > 0;
	}

	public String tracepoint(int event) {
		return tracepoints[event];
	}

	public EventKind kind(int event) {
		return KINDS[kinds[event]];
	}

	/** Event time in nanoseconds (epoch for real traces; any origin for synthetic ones). */
	public long time(int event) {
		return times[event];
	}

	/** The span an event belongs to: the entry and exit of one span share it; point events have their own. */
	public int span(int event) {
		return attributeIndex[event];
	}

	public Attributes attributes(int event) {
		return attributes[attributeIndex[event]];
	}

	/** Number of attribute records: one per span (its entry and exit share it) and per point event. */
	public int attributeRecords() {
		return attributes.length;
	}

	/** The {@code i}th attribute record, 0 to {@link #attributeRecords()} - 1. */
	public Attributes attributeRecord(int i) {
		return attributes[i];
	}

	/**
	 * The calling context of an event: the entry event of the span it runs inside (for an exit, the span's own
	 * enclosing span), or -1 at the top and for event formats without nesting.
	 */
	public int enclosing(int event) {
		return enclosing[event];
	}

	public int predecessorCount(int event) {
		return predecessorStart[event + 1] - predecessorStart[event];
	}

	public int predecessor(int event, int i) {
		return predecessors[predecessorStart[event] + i];
	}

	public int[] predecessors(int event) {
		return Arrays.copyOfRange(predecessors, predecessorStart[event], predecessorStart[event + 1]);
	}

	/** Number of happens-before edges. */
	public int edgeCount() {
		return predecessors.length;
	}

	/**
	 * The event where the request started as the user sees it: the root span's entry, or for event formats the
	 * earliest source event. With a synthetic root, the entry of the earliest recorded top-level span.
	 */
	public int rootEvent() {
		return rootEvent;
	}

	/** The event where the request ended: the root's exit, or the latest sink for event formats. */
	public int endEvent() {
		return endEvent;
	}

	/** Response time in nanoseconds: from the first event on the critical path to the end event. */
	public long duration() {
		long min = Long.MAX_VALUE;
		for (long t : times) {
			min = Math.min(min, t);
		}
		return times[endEvent] - min;
	}

	@Override
	public String toString() {
		return "Trace " + id + " (" + format + ", " + size() + " events)";
	}
}
