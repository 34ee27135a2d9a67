// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.List;

/**
 * An event of an event-based format (X-Trace) as read, before assembly: its parents are the events that happened
 * right before it (several for a join).
 *
 * @param id         event id, unique within the trace
 * @param parentIds  ids of the events it directly follows
 * @param timeNanos  timestamp in nanoseconds
 * @param tracepoint tracepoint id, e.g. "agent:label"
 * @param attributes service (agent), host, operation (label), tags
 */
public record EventInput(String id, List<String> parentIds, long timeNanos, String tracepoint, Attributes attributes) {
}
