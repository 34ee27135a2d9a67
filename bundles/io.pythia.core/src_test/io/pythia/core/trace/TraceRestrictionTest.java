// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import static io.pythia.core.trace.EventKind.ENTRY;
import static io.pythia.core.trace.EventKind.EXIT;
import static io.pythia.core.trace.Spans.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.CriticalPath;

class TraceRestrictionTest {

	private static Trace full() throws Exception {
		// root { a { a1, a2 }, b }
		return new SpanTraceAssembler("test", new Interner(), w -> {
		}).assemble("t", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "r", 10, 50, "s", "a") //
				.span("a1", "a", 15, 10, "s", "a1") //
				.span("a2", "a", 30, 25, "s", "a2") //
				.span("b", "r", 65, 30, "s", "b") //
				.list());
	}

	@Test
	void hiddenEventsContractIntoDirectEdges() throws Exception {
		Trace t = full();
		Set<String> on = Set.of("s:root", "s:a2", "s:b");
		Trace lean = TraceRestriction.restrict(t, e -> on.contains(t.tracepoint(e)));
		assertEquals(6, lean.size());
		assertEquals(3, lean.spans());
		// a2's entry followed a1's exit, which followed a's entry, which followed the root's entry
		assertArrayEquals(new int[] { event(lean, "s:root", ENTRY) }, lean.predecessors(event(lean, "s:a2", ENTRY)));
		// b followed a's exit, which followed a2's exit and (through a's entry) the root's entry
		int[] preds = lean.predecessors(event(lean, "s:b", ENTRY));
		java.util.Arrays.sort(preds);
		int[] expected = { event(lean, "s:root", ENTRY), event(lean, "s:a2", EXIT) };
		java.util.Arrays.sort(expected);
		assertArrayEquals(expected, preds);
		// calling context skips the hidden span a
		assertEquals(event(lean, "s:root", ENTRY), lean.enclosing(event(lean, "s:a2", ENTRY)));
		assertEquals(t.duration(), lean.duration(), "the response time is unchanged");
		assertEquals("s:root start -> s:a2 start -> s:a2 end -> s:b start -> s:b end -> s:root end",
				CriticalPath.of(lean).toString());
	}

	@Test
	void keepingEverythingKeepsTheGraph() throws Exception {
		Trace t = full();
		Trace same = TraceRestriction.restrict(t, e -> true);
		assertEquals(t.size(), same.size());
		assertEquals(t.edgeCount(), same.edgeCount());
		assertEquals(CriticalPath.of(t).toString(), CriticalPath.of(same).toString());
	}
}
