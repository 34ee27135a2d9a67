// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import static io.pythia.core.trace.EventKind.ENTRY;
import static io.pythia.core.trace.EventKind.EXIT;
import static io.pythia.core.trace.Spans.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SpanTraceAssemblerTest {

	private final List<TraceWarning> warnings = new ArrayList<>();
	private final SpanTraceAssembler assembler = new SpanTraceAssembler("test", new Interner(), warnings::add);

	@Test
	void sequentialChildrenAreChainedAndJoinTheParent() throws Exception {
		Trace t = assembler.assemble("t1", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "r", 10, 20, "s", "a") //
				.span("b", "r", 40, 30, "s", "b") //
				.list());
		assertEquals(6, t.size());
		assertEquals(3, t.spans());
		// b starts after a ended: b's entry follows a's exit, not the root's entry
		assertArrayEquals(new int[] { event(t, "s:a", EXIT) }, t.predecessors(event(t, "s:b", ENTRY)));
		assertArrayEquals(new int[] { event(t, "s:root", ENTRY) }, t.predecessors(event(t, "s:a", ENTRY)));
		// only the last of the chain joins the root's exit
		assertArrayEquals(sorted(event(t, "s:root", ENTRY), event(t, "s:b", EXIT)),
				sorted(t.predecessors(event(t, "s:root", EXIT))));
		assertEquals(event(t, "s:root", EXIT), t.endEvent());
		assertEquals(event(t, "s:root", ENTRY), t.rootEvent());
		assertTrue(warnings.isEmpty(), warnings.toString());
	}

	@Test
	void parallelChildrenForkAndJoin() throws Exception {
		Trace t = assembler.assemble("t2", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "r", 10, 50, "s", "a") //
				.span("b", "r", 20, 60, "s", "b") //
				.list());
		int rootEntry = event(t, "s:root", ENTRY);
		assertArrayEquals(new int[] { rootEntry }, t.predecessors(event(t, "s:a", ENTRY)));
		assertArrayEquals(new int[] { rootEntry }, t.predecessors(event(t, "s:b", ENTRY)));
		assertArrayEquals(sorted(rootEntry, event(t, "s:a", EXIT), event(t, "s:b", EXIT)),
				sorted(t.predecessors(event(t, "s:root", EXIT))));
	}

	@Test
	void childOutlivingItsParentIsAsynchronousAndJoinsNothing() throws Exception {
		Trace t = assembler.assemble("t3", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "r", 50, 200, "s", "async") //
				.list());
		int asyncExit = event(t, "s:async", EXIT);
		for (int e = 0; e < t.size(); e++) {
			for (int p : t.predecessors(e)) {
				assertTrue(p != asyncExit, "the asynchronous exit must not precede anything");
			}
		}
		assertEquals(event(t, "s:root", EXIT), t.endEvent());
	}

	@Test
	void orphansAreKeptUnderASyntheticRootWithAWarning() throws Exception {
		Trace t = assembler.assemble("t4", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("o", "missing-parent", 20, 10, "s", "orphan") //
				.list());
		assertTrue(t.hasSyntheticRoot());
		assertEquals(4, t.recordedEvents());
		assertEquals(6, t.size());
		assertEquals(SpanTraceAssembler.SYNTHETIC_ROOT, t.tracepoint(t.endEvent()));
		assertEquals("s:root", t.tracepoint(t.rootEvent()), "the request type comes from the recorded root");
		assertEquals(1, warnings.size());
		assertEquals("t4", warnings.get(0).trace());
		assertTrue(warnings.get(0).message().contains("missing-parent") && warnings.get(0).message().contains("synthetic root"),
				warnings.get(0).message());
	}

	@Test
	void duplicateSpanIdsAreRenamedAndKept() throws Exception {
		Trace t = assembler.assemble("t5", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("x", "r", 10, 10, "s", "first") //
				.span("x", "r", 30, 10, "s", "second") //
				.list());
		assertEquals(3, t.spans());
		assertEquals(1, warnings.size());
		assertTrue(warnings.get(0).message().contains("reuse an id"), warnings.get(0).message());
		event(t, "s:second", ENTRY);
	}

	@Test
	void cyclicParentsRejectTheTrace() {
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> assembler.assemble("t6", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "b", 10, 10, "s", "a") //
				.span("b", "a", 20, 10, "s", "b") //
				.list()));
		assertTrue(e.getMessage().contains("t6") && e.getMessage().contains("cycle"), e.getMessage());
		assertTrue(e.getMessage().contains("a -> b -> a") || e.getMessage().contains("b -> a -> b"), e.getMessage());
	}

	@Test
	void spanWithoutDurationEndsWithItsLastChild() throws Exception {
		Trace t = assembler.assemble("t7", new Spans() //
				.span("r", null, 0, -1, "s", "root") //
				.span("a", "r", 10, 50, "s", "a") //
				.list());
		assertEquals(60_000, t.time(event(t, "s:root", EXIT)));
		assertEquals(1, warnings.size());
		assertTrue(warnings.get(0).message().contains("no duration"), warnings.get(0).message());
	}

	@Test
	void clockSkewOnAnotherHostIsCorrectedLikeJaeger() throws Exception {
		// parent 1000..1100 on host A; child of 60 us reported at 900 on host B: centred, it starts at 1020
		Trace t = assembler.assemble("t8", new Spans() //
				.span("r", null, 1000, 100, "api", "hostA", "get") //
				.span("c", "r", 900, 60, "db", "hostB", "query") //
				.span("g", "c", 910, 10, "db", "hostB", "fetch") //
				.list());
		assertEquals(1_020_000, t.time(event(t, "db:query", ENTRY)));
		assertEquals(1_080_000, t.time(event(t, "db:query", EXIT)));
		// the grandchild is on the same clock as its parent: same shift
		assertEquals(1_030_000, t.time(event(t, "db:fetch", ENTRY)));
		assertEquals(1, warnings.size());
		assertTrue(warnings.get(0).message().contains("clock skew") && warnings.get(0).message().contains("120 µs"),
				warnings.get(0).message());
	}

	@Test
	void childInsideItsParentIsNotShifted() throws Exception {
		Trace t = assembler.assemble("t9", new Spans() //
				.span("r", null, 1000, 100, "api", "hostA", "get") //
				.span("c", "r", 1010, 60, "db", "hostB", "query") //
				.list());
		assertEquals(1_010_000, t.time(event(t, "db:query", ENTRY)));
		assertFalse(warnings.stream().anyMatch(w -> w.message().contains("clock skew")));
	}

	private static int[] sorted(int... values) {
		int[] copy = values.clone();
		Arrays.sort(copy);
		return copy;
	}
}
