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

	@Test
	void againstABaselineWithoutTheDelayTheDelayedFrameChangesMostAndTheChangesAddUp() throws Exception {
		FlameGraph now = FlameGraph.of(new FanOutCorpus(8, 0.2, FanOutCorpus.INJECTED, 3000).traces(80));
		FlameGraph before = FlameGraph.of(new FanOutCorpus(9, 0.2, FanOutCorpus.INJECTED, 0).traces(80));
		java.util.Map<FlameGraph.Frame, Double> changes = now.changesFrom(before);
		List<FlameGraph.Frame> frames = now.root().flatten();
		assertEquals(frames.size(), changes.size(), "every frame of today's graph has its change");
		FlameGraph.Frame most = frames.stream().filter(f -> f.children().isEmpty())
				.max(Comparator.comparingDouble(changes::get)).orElseThrow();
		assertEquals(FanOutCorpus.INJECTED, most.name());
		assertEquals(now.root().meanNanos() - before.root().meanNanos(), changes.get(now.root()), 1e-6);
		for (FlameGraph.Frame f : frames) { // a frame's change is its own change plus its children's
			double children = f.children().stream().mapToDouble(changes::get).sum();
			FlameGraph.Frame then = at(before.root(), path(now.root(), f));
			double selfThen = then == null ? 0 : then.selfNanos();
			double lost = then == null ? 0 : then.children().stream().filter(c -> f.children().stream()
					.noneMatch(x -> x.name().equals(c.name()))).mapToDouble(FlameGraph.Frame::meanNanos).sum();
			assertEquals(changes.get(f), f.selfNanos() - selfThen + children - lost, 1e-6 * Math.max(1, f.meanNanos()), f.name());
		}
		assertEquals(0.0, now.changesFrom(now).values().stream().mapToDouble(Math::abs).max().orElseThrow(), 0,
				"against itself nothing changed");
		double scale = FlameGraph.largestChange(changes);
		assertEquals(0xd7301f, FlameGraph.changeColor(scale, scale), "slowest: full red");
		assertEquals(0x2166ac, FlameGraph.changeColor(-2 * scale, scale), "faster: blue");
		assertEquals(0xffffff, FlameGraph.changeColor(0, scale), "unchanged: white");
		StringBuilder svg = new StringBuilder();
		now.writeSvg(svg, now.root(), 800, changes);
		assertTrue(svg.toString().contains("against the baseline") && svg.toString().contains("fill=\"#d7301f\""), svg.toString());
	}

	/** The names from the root's child down to a frame. */
	private static List<String> path(FlameGraph.Frame root, FlameGraph.Frame target) {
		if (root == target) {
			return List.of();
		}
		for (FlameGraph.Frame c : root.children()) {
			List<String> below = path(c, target);
			if (below != null) {
				List<String> out = new java.util.ArrayList<>(List.of(c.name()));
				out.addAll(below);
				return out;
			}
		}
		return null;
	}

	private static FlameGraph.Frame at(FlameGraph.Frame root, List<String> names) {
		FlameGraph.Frame f = root;
		for (String n : names) {
			f = f.children().stream().filter(c -> c.name().equals(n)).findFirst().orElse(null);
			if (f == null) {
				return null;
			}
		}
		return f;
	}
}
