// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.trace.Trace;

/**
 * Critical paths of Uber's CRISP test cases, computed by hand from the span tables (times in the files' units):
 * from the root's end, the child that finished last, recursively; before a child's start, the sibling that had
 * finished last by then.
 */
class CrispCriticalPathTest {

	@Test
	void crisp18() throws Exception {
		// A 0-250 {B 10-110 {C 30-40, D 50-60, E 70-80}, F 120-220 {G 140-200 {H 150-170, I 180-190}}}
		assertPath("uber-research__CRISP__18.json", List.of("S1:O1 start", "S2:O2 start", "S3:O3 start", "S3:O3 end",
				"S4:O4 start", "S4:O4 end", "S5:O5 start", "S5:O5 end", "S2:O2 end", "S6:O6 start", "S7:O7 start",
				"S8:O8 start", "S8:O8 end", "S9:O9 start", "S9:O9 end", "S7:O7 end", "S6:O6 end", "S1:O1 end"), 250);
	}

	@Test
	void crisp25() throws Exception {
		// A 0-700 {B 50-350 {C 100-150, D 200-250, E 300-350}, F 400-700 {G 450-500, H 550-600, I 650-700}}
		assertPath("uber-research__CRISP__25.json", List.of("S1:O1 start", "S2:O2 start", "S3:O3 start", "S3:O3 end",
				"S3:O3 start", "S3:O3 end", "S3:O3 start", "S3:O3 end", "S2:O2 end", "S2:O2 start", "S3:O3 start",
				"S3:O3 end", "S3:O3 start", "S3:O3 end", "S3:O3 start", "S3:O3 end", "S2:O2 end", "S1:O1 end"), 700);
	}

	@Test
	void crispErrorPattern() throws Exception {
		// A 0-100 {B 70-100}
		assertPath("uber-research__CRISP__err_pattern1-err1.json",
				List.of("S1:O1 start", "S2:O2 start", "S2:O2 end", "S1:O1 end"), 100);
	}

	@Test
	void childrenOutlivingTheirParentAreNotOnTheCriticalPath() throws Exception {
		// send 100-140 {short 115-125, async 200-500, async 300-400}: the asynchronous tasks end after the request
		assertPath("jaegertracing__jaeger-ui__traceWithOverlappingChildrenLongerThanParent.json",
				List.of("service-one:send start", "service-two:short child span start",
						"service-two:short child span end", "service-one:send end"), 40);
	}

	private static void assertPath(String file, List<String> expected, long durationMicros) throws Exception {
		CollectingSink sink = new CollectingSink();
		new TraceImporter().read(SharedTraces.file("jaeger-synthetic", file), sink);
		assertEquals(1, sink.traces.size());
		Trace trace = sink.traces.get(0);
		CriticalPath path = CriticalPath.of(trace);
		List<String> steps = new java.util.ArrayList<>();
		for (int i = 0; i < path.length(); i++) {
			steps.add(path.step(i));
		}
		assertEquals(expected, steps);
		assertEquals(durationMicros * 1000, path.duration());
	}
}
