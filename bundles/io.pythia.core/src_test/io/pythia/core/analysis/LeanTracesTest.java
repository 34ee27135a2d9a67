// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Spans;
import io.pythia.core.trace.Trace;

class LeanTracesTest {

	// root 0..100: a 10..40 and b 20..70 in parallel, then c 75..95 after both
	private static Trace trace() throws Exception {
		return new SpanTraceAssembler("test", new Interner(), w -> {
		}).assemble("lean", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "r", 10, 30, "s", "a") //
				.span("b", "r", 20, 50, "s", "b") //
				.span("c", "r", 75, 20, "s", "c") //
				.list());
	}

	private static List<String> events(Trace t) {
		List<String> out = new ArrayList<>();
		for (int e = 0; e < t.size(); e++) {
			out.add(t.tracepoint(e) + " " + t.kind(e).label() + " @" + t.time(e));
		}
		out.sort(null);
		return out;
	}

	@Test
	void theCriticalPathCutKeepsItsEventsWithTheirTimes() throws Exception {
		Trace t = trace();
		Trace lean = LeanTraces.criticalPath(t);
		List<String> expected = new ArrayList<>();
		for (int e : CriticalPath.of(t).events()) {
			expected.add(t.tracepoint(e) + " " + t.kind(e).label() + " @" + t.time(e));
		}
		expected.sort(null);
		assertEquals(expected, events(lean), "exactly the critical path's events, each at its own time");
		assertEquals(t.duration(), lean.duration());
		assertEquals(CriticalPath.of(t).toString(), CriticalPath.of(lean).toString());
	}

	@Test
	void keepingTracepointsKeepsThemAndTheRoot() throws Exception {
		Trace t = trace();
		Trace lean = LeanTraces.keeping(t, Set.of("s:c"));
		List<String> all = events(t);
		List<String> kept = events(lean);
		assertEquals(all.stream().filter(e -> e.startsWith("s:root ") || e.startsWith("s:c ")).toList(), kept);
	}
}
