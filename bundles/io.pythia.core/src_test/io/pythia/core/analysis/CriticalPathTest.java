// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.EventInput;
import io.pythia.core.trace.EventTraceAssembler;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Spans;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceWarning;

class CriticalPathTest {

	private final List<TraceWarning> warnings = new ArrayList<>();

	@Test
	void walksBackThroughTheLastFinishedWork() throws Exception {
		// root 0..100: a 10..40 and b 20..70 in parallel, then c 75..95 after both
		Trace t = new SpanTraceAssembler("test", new Interner(), warnings::add).assemble("cp", new Spans() //
				.span("r", null, 0, 100, "s", "root") //
				.span("a", "r", 10, 30, "s", "a") //
				.span("b", "r", 20, 50, "s", "b") //
				.span("c", "r", 75, 20, "s", "c") //
				.list());
		CriticalPath path = CriticalPath.of(t);
		assertEquals("s:root start -> s:b start -> s:b end -> s:c start -> s:c end -> s:root end", path.toString());
		assertEquals(100_000, path.duration());
		long sum = 0;
		for (int i = 0; i < path.edgeCount(); i++) {
			sum += path.edgeDuration(i);
		}
		assertEquals(path.duration(), sum, "edge durations add up to the response time");
	}

	@Test
	void followsTheLatestBranchOfAJoin() throws Exception {
		// X-Trace style: start forks into two branches that join at end; the slower branch is critical
		Trace t = new EventTraceAssembler("test", new Interner(), warnings::add).assemble("join", List.of( //
				event("s", List.of(), 0, "start"), //
				event("f1", List.of("s"), 10, "fast"), //
				event("s1", List.of("s"), 5, "slow-1"), //
				event("s2", List.of("s1"), 40, "slow-2"), //
				event("j", List.of("f1", "s2"), 50, "join")));
		assertEquals("x:start point -> x:slow-1 point -> x:slow-2 point -> x:join point", CriticalPath.of(t).toString());
	}

	private static EventInput event(String id, List<String> parents, long micros, String label) {
		return new EventInput(id, parents, micros * 1000, "x:" + label, new Attributes("x", "", label, Map.of()));
	}
}
