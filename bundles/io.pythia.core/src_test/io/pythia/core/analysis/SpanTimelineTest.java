// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;

/** The span timeline: rows nested under their parents, the critical path as time on the rows that ran. */
class SpanTimelineTest {

	/** What must hold for any trace: rows nest, and the path's segments tile its duration on rows that ran then. */
	static void assertWellFormed(Trace trace) {
		SpanTimeline t = SpanTimeline.of(trace);
		assertEquals(trace.attributeRecords(), t.rows().size(), trace.id() + ": a row per span");
		for (int r = 0; r < t.rows().size(); r++) {
			SpanTimeline.Row row = t.rows().get(r);
			assertTrue(row.start() <= row.end(), row.toString());
			if (row.parent() >= 0) {
				assertTrue(row.parent() < r, "a parent comes before its children");
				assertEquals(t.rows().get(row.parent()).depth() + 1, row.depth());
			} else {
				assertEquals(0, row.depth());
			}
		}
		CriticalPath path = CriticalPath.of(trace);
		assertEquals(path.edgeCount(), t.segments().size());
		long total = 0;
		for (int i = 0; i < t.segments().size(); i++) {
			SpanTimeline.Segment s = t.segments().get(i);
			total += s.end() - s.start();
			assertEquals(i, s.position());
			if (i > 0) {
				assertEquals(t.segments().get(i - 1).end(), s.start(), "the path has no gap");
			}
		}
		assertEquals(path.duration(), total, trace.id() + ": the segments add up to the path");
	}

	@Test
	void aConcurrentFanOutNestsAndItsPathRunsOnTheSpansThatRan() throws Exception {
		List<Trace> traces = new FanOutCorpus(5, 0.3, FanOutCorpus.INJECTED, 2000).traces(30);
		for (Trace t : traces) {
			assertWellFormed(t);
			SpanTimeline timeline = SpanTimeline.of(t);
			for (SpanTimeline.Segment s : timeline.segments()) {
				SpanTimeline.Row row = timeline.rows().get(s.row());
				assertTrue(row.start() <= s.start() && s.end() <= row.end(), "a segment lies in its span: " + s + " in " + row);
			}
		}
		SpanTimeline timeline = SpanTimeline.of(traces.get(0));
		SpanTimeline.Row root = timeline.rows().get(0);
		assertEquals("api:upload", root.label());
		assertEquals(-1, root.parent());
		assertEquals(3, timeline.find("COMMIT").size(), "search ignores case");
		assertEquals(List.of(0), java.util.Arrays.stream(timeline.visibleRows(Set.of(0))).boxed().toList(),
				"a collapsed root hides the rest");
		assertEquals(timeline.rows().size(), timeline.visibleRows(Set.of()).length);
		int write = timeline.find("store-1:write").get(0);
		int[] shown = timeline.visibleRows(Set.of(write));
		assertEquals(timeline.rows().size() - timeline.rows().get(write).children(), shown.length,
				"a collapsed write hides its prepare and commit");
	}

	@Test
	void aDeepLayeredTraceIsWellFormed() throws Exception {
		for (Trace t : new LayeredNoiseCorpus(2, 0.5, null, 0).traces(5)) {
			assertWellFormed(t);
		}
	}
}
