// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds span lists for tests: times in microseconds, tracepoint = service:operation. */
public final class Spans {

	private final List<SpanInput> spans = new ArrayList<>();

	public Spans span(String id, String parent, long startMicros, long durationMicros, String service, String op) {
		return span(id, parent, startMicros, durationMicros, service, "", op);
	}

	public Spans span(String id, String parent, long startMicros, long durationMicros, String service, String host,
			String op) {
		spans.add(new SpanInput(id, parent, startMicros * 1000,
				durationMicros < 0 ? SpanInput.UNKNOWN_DURATION : durationMicros * 1000, service + ":" + op,
				new Attributes(service, host, op, Map.of())));
		return this;
	}

	public List<SpanInput> list() {
		return spans;
	}

	/** Index of the ENTRY (or EXIT) event of the span with this tracepoint (the first such span). */
	public static int event(Trace t, String tracepoint, EventKind kind) {
		for (int e = 0; e < t.size(); e++) {
			if (t.tracepoint(e).equals(tracepoint) && t.kind(e) == kind) {
				return e;
			}
		}
		throw new AssertionError("no " + kind + " event of " + tracepoint + " in " + t);
	}
}
