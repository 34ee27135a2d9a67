// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

/** A finished span waiting for export. Times are nanoseconds since the epoch. */
record SpanRecord(String traceId, String spanId, String parentSpanId, String operation, String requestType,
		long startNanos, long endNanos) {
}
