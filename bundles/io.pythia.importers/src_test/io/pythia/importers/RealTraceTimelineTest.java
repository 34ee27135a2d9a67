// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.analysis.SpanTimeline;
import io.pythia.core.trace.Trace;

/**
 * Every real trace of every format in ../shared/traces as a span timeline: a row per span, parents before their
 * children, and the critical path's segments tiling its duration without a gap.
 */
class RealTraceTimelineTest {

	@Test
	void everySharedTraceMakesAWellFormedTimeline() throws Exception {
		CollectingSink sink = new CollectingSink();
		new TraceImporter().readAll(List.of(SharedTraces.ROOT), sink);
		assertTrue(sink.traces.size() >= 50, "traces read: " + sink.traces.size());
		for (Trace trace : sink.traces) {
			SpanTimeline t = SpanTimeline.of(trace);
			assertEquals(trace.attributeRecords(), t.rows().size(), trace.id());
			for (int r = 0; r < t.rows().size(); r++) {
				SpanTimeline.Row row = t.rows().get(r);
				assertTrue(row.parent() < r, trace.id() + ": parent after child at row " + r);
				assertTrue(row.start() <= row.end(), trace.id() + ": " + row);
				assertTrue(t.start() <= row.start() && row.end() <= t.end(), trace.id() + ": " + row);
			}
			long total = 0;
			for (int i = 0; i < t.segments().size(); i++) {
				SpanTimeline.Segment s = t.segments().get(i);
				assertTrue(s.row() >= 0 && s.row() < t.rows().size(), trace.id() + ": " + s);
				if (i > 0) {
					assertEquals(t.segments().get(i - 1).end(), s.start(), trace.id());
				}
				total += s.end() - s.start();
			}
			assertEquals(CriticalPath.of(trace).duration(), total, trace.id());
		}
	}
}
