// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;

/** A group's flame graph: frames by calling context, mean time on the critical path, share of the variance. */
class FlameGraphTest {

	@Test
	void theDelayedCommitIsTheHottestLeafAndTheTimesAddUp() throws Exception {
		List<Trace> traces = new FanOutCorpus(8, 0.2, FanOutCorpus.INJECTED, 3000).traces(80);
		FlameGraph flame = FlameGraph.of(traces);
		assertEquals(80, flame.traces());
		FlameGraph.Frame root = flame.root();
		double meanT = traces.stream().mapToLong(t -> CriticalPath.of(t).duration()).average().orElseThrow();
		assertEquals(meanT, root.meanNanos(), 1e-6 * meanT, "the root is the whole request");
		assertEquals(1.0, root.varianceShare(), 1e-9);
		assertEquals(1, root.children().size(), "one top-level span");
		FlameGraph.Frame upload = root.children().get(0);
		assertEquals("api:upload", upload.name());
		assertEquals(meanT, upload.meanNanos(), 1e-6 * meanT);
		for (FlameGraph.Frame f : root.flatten()) {
			double children = f.children().stream().mapToDouble(FlameGraph.Frame::meanNanos).sum();
			assertEquals(f.meanNanos(), f.selfNanos() + children, 1e-6 * Math.max(1, f.meanNanos()),
					f.name() + ": its time is its own plus its children's");
			for (FlameGraph.Frame c : f.children()) {
				assertEquals(f.depth() + 1, c.depth());
			}
		}
		FlameGraph.Frame hottest = root.flatten().stream().filter(f -> f.children().isEmpty())
				.max(Comparator.comparingDouble(FlameGraph.Frame::varianceShare)).orElseThrow();
		assertEquals(FanOutCorpus.INJECTED, hottest.name());
		assertTrue(hottest.varianceShare() > 0.5, hottest.toString());
	}

	@Test
	void noTracesGiveAnEmptyRoot() {
		FlameGraph flame = FlameGraph.of(List.of());
		assertEquals(0, flame.traces());
		assertTrue(flame.root().children().isEmpty());
		assertTrue(Double.isNaN(flame.root().varianceShare()));
	}
}
