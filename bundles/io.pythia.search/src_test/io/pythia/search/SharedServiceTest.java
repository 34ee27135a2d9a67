// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/**
 * A service called from two places (the lab's image service, called by either compute node): the search space keeps
 * where it runs under each caller, and where the steps inside it run, so an edge of one caller's build that ends at
 * the shared call lies inside that build, and what is still disabled before the call is found, though the other
 * caller runs it much earlier; the call's own steps are not taken for being before it.
 */
class SharedServiceTest {

	@Test
	void anEdgeEndingAtASharedCallLiesInsideItsOwnCaller() throws Exception {
		List<Trace> traces = new ArrayList<>();
		SpanTraceAssembler assembler = new SpanTraceAssembler("test", new Interner(), w -> {
		});
		for (int i = 0; i < 20; i++) {
			// c2 first (its callee is seen first, so c2 is the fetch's main parent); c1's check waits 80 ms before it
			String node = i % 2 == 0 ? "c2" : "c1";
			long wait = node.equals("c1") ? 80 : 0;
			List<SpanInput> s = new ArrayList<>();
			s.add(span("r", null, "api", "create", 0, 200 + wait));
			s.add(span("b", "r", node, "build", 10, 180 + wait));
			s.add(span("p", "b", node, "build.prep", 12, 10));
			s.add(span("c", "b", node, "build.check", 25, 5 + wait));
			s.add(span("w", "b", node, "build.work", 35 + wait, 100));
			s.add(span("f", "w", "img", "fetch", 40 + wait, 50));
			s.add(span("x", "f", "img", "fetch.record", 70 + wait, 10));
			traces.add(assembler.assemble("t" + i, s));
		}
		SearchSpace space = SearchSpace.build(traces, RequestTypeRule.ROOT_OPERATION);
		SearchSpace.Tracepoint fetch = space.tracepoint("create", "img:fetch");
		assertEquals("c2:build.work", fetch.parent());
		assertEquals(40e6, fetch.meanStart(), 1e3, "the main parent's offsets only");
		assertEquals(120e6, space.offsets("create", "img:fetch", "c1:build")[0], 1e3, "under c1, after its wait");
		assertTrue(space.within("create", "img:fetch", "c1:build") && space.within("create", "img:fetch", "c2:build"));
		// below the shared call too: the fetch's record step runs 30 ms into the fetch under either caller
		assertArrayEquals(new double[] { 150e6, 160e6 }, space.offsets("create", "img:fetch.record", "c1:build"), 1e3);
		assertArrayEquals(new double[] { 70e6, 80e6 }, space.offsets("create", "img:fetch.record", "c2:build"), 1e3);

		// only the skeleton and c1's prep are on: the edge from prep's end to the fetch holds c1's check and work
		ProblemEdge edge = new ProblemEdge("g", "create",
				new EdgeShare(3, "c1:build.prep", EventKind.EXIT, "img:fetch", EventKind.ENTRY, 0.9, 0.9, 1e8, 1e14));
		assertEquals("c1:build", edge.context(space));
		InstrumentationState state = InstrumentationState.of(List.of(new InstrumentationState.Toggle("api:create", "create"),
				new InstrumentationState.Toggle("c1:build", "create"), new InstrumentationState.Toggle("c1:build.prep", "create"),
				new InstrumentationState.Toggle("img:fetch", "create")));
		List<String> inside = SearchStrategy.disabledInside(space, edge, state).stream().map(SearchSpace.Tracepoint::id).toList();
		assertEquals(List.of("c1:build.check"), inside,
				"c1:build.work starts before the fetch but ends after it, and the fetch's record runs inside the fetch");
	}

	private static SpanInput span(String id, String parent, String service, String op, long startMillis, long durationMillis) {
		return new SpanInput(id, parent, startMillis * 1_000_000, durationMillis * 1_000_000, service + ":" + op,
				new Attributes(service, "h", op, Map.of()));
	}
}
