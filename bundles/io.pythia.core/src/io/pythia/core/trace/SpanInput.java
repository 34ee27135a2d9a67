// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

/**
 * A span as an importer read it, before assembly into a trace.
 *
 * @param id             span id, unique within the trace (duplicates are renamed with a warning)
 * @param parentId       parent span id, or null for a root
 * @param startNanos     start time in nanoseconds
 * @param durationNanos  duration in nanoseconds, or {@link #UNKNOWN_DURATION}
 * @param tracepoint     tracepoint id, e.g. "service:operation"
 * @param attributes     service, host, operation, tags
 */
public record SpanInput(String id, String parentId, long startNanos, long durationNanos, String tracepoint,
		Attributes attributes) implements java.io.Serializable {

	/** Marks a span whose duration the input did not give (in-flight or incomplete spans). */
	public static final long UNKNOWN_DURATION = -1;
}
