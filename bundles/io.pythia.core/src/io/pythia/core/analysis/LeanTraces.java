// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.Set;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceRestriction;

/**
 * The lean cut of a trace: only the events about the problem, with the timing they had (edges through the removed
 * events are contracted, the end event stays). The command line's {@code export --lean} and the workbench's lean
 * export both cut here.
 */
public final class LeanTraces {

	private LeanTraces() {
	}

	/** The trace restricted to the events of its critical path: what explains its response time. */
	public static Trace criticalPath(Trace t) {
		boolean[] on = new boolean[t.size()];
		for (int e : CriticalPath.of(t).events()) {
			on[e] = true;
		}
		return TraceRestriction.restrict(t, e -> on[e]);
	}

	/** The trace restricted to the events of the given tracepoints, and its root. */
	public static Trace keeping(Trace t, Set<String> tracepoints) {
		return TraceRestriction.restrict(t, e -> e == t.rootEvent() || tracepoints.contains(t.tracepoint(e)));
	}
}
