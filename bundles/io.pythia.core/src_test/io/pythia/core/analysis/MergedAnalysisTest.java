// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/**
 * Analyses merge: shards of a stream analysed apart and merged give the report of one pass over it, exactly for
 * counts, percentiles, flags and ids, to 1e-9 relative for the moments, shares and p-values, and to 1e-6 for the
 * ends of the shares' intervals (see below). Checked on four
 * generated corpora (one with span attributes), both groupings, many random splits; and, for shards that are not
 * contiguous, on everything but the arrival order. {@code MergedRealTracesPropertyTest} (importers) does the same
 * on the real traces.
 */
public class MergedAnalysisTest {

	@Test
	void contiguousShardsMergedInOrderGiveTheReportOfOnePass() throws Exception {
		Random random = new Random(11);
		for (List<Trace> corpus : corpora()) {
			for (Grouping grouping : Grouping.values()) {
				AnalysisOptions options = options(grouping);
				AnalysisReport whole = analyse(corpus, options);
				for (int round = 0; round < 6; round++) {
					int shards = 2 + random.nextInt(5);
					TreeSet<Integer> cuts = new TreeSet<>();
					while (cuts.size() < shards - 1) {
						cuts.add(1 + random.nextInt(corpus.size() - 1));
					}
					List<List<Trace>> parts = new ArrayList<>();
					int from = 0;
					for (int cut : cuts) {
						parts.add(corpus.subList(from, cut));
						from = cut;
					}
					parts.add(corpus.subList(from, corpus.size()));
					assertSameReport(whole, merged(parts, options), true, grouping + ", cuts " + cuts);
				}
			}
		}
	}

	@Test
	void anySplitGivesTheSameStatistics() throws Exception {
		Random random = new Random(12);
		for (List<Trace> corpus : corpora()) {
			AnalysisOptions options = options(Grouping.WORKFLOW);
			AnalysisReport whole = analyse(corpus, options);
			for (int round = 0; round < 4; round++) {
				int shards = 2 + random.nextInt(3);
				List<List<Trace>> parts = new ArrayList<>();
				for (int i = 0; i < shards; i++) {
					parts.add(new ArrayList<>());
				}
				for (Trace t : corpus) {
					parts.get(random.nextInt(shards)).add(t);
				}
				assertSameReport(whole, merged(parts, options), false, shards + " random shards");
			}
		}
	}

	@Test
	void analysesOfOtherOptionsDoNotMerge() {
		Analysis a = new Analysis(options(Grouping.WORKFLOW));
		assertThrows(IllegalArgumentException.class, () -> a.merge(new Analysis(options(Grouping.CRITICAL_PATH))));
	}

	static AnalysisOptions options(Grouping grouping) {
		return AnalysisOptions.DEFAULTS.withGrouping(grouping);
	}

	static AnalysisReport analyse(List<Trace> traces, AnalysisOptions options) {
		Analysis a = new Analysis(options);
		traces.forEach(a::accept);
		return a.report();
	}

	static AnalysisReport merged(List<List<Trace>> parts, AnalysisOptions options) {
		Analysis first = null;
		for (List<Trace> part : parts) {
			Analysis a = new Analysis(options);
			part.forEach(a::accept);
			if (first == null) {
				first = a;
			} else {
				first.merge(a);
			}
		}
		return first.report();
	}

	private static List<List<Trace>> corpora() throws Exception {
		return List.of(new WorkflowCorpus(3, 300).traces(300), new FanOutCorpus(4, 0.3, FanOutCorpus.INJECTED, 3000).traces(200),
				new LayeredNoiseCorpus(5, 0.8, null, 0).traces(250), tagged(6, 240));
	}

	/** A read from one of three replicas (the third slow), a queue length that adds time, and a unique request id. */
	private static List<Trace> tagged(long seed, int count) throws Exception {
		Random random = new Random(seed);
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
		});
		List<Trace> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int replica = random.nextInt(3);
			int queue = random.nextInt(40);
			long child = Math.round((20 + queue * 0.3 + (replica == 2 ? 25 : 0)) * 1e6 * Math.exp(0.1 * random.nextGaussian()));
			Map<String, String> tags = Map.of("replica", "r" + replica, "queue", Integer.toString(queue), "request", "id-" + i);
			out.add(assembler.assemble("t" + i, List.of(
					new SpanInput("a", null, 0, child + 2_000_000, "front:get", new Attributes("front", "web-" + (i % 2), "get", Map.of())),
					new SpanInput("b", "a", 1_000_000, child, "store:read", new Attributes("store", "db-" + replica, "read", tags)))));
		}
		return out;
	}

	/** What one pass and the merge say agree; with {@code ordered}, their arrival order too. */
	static void assertSameReport(AnalysisReport one, AnalysisReport merged, boolean ordered, String what) {
		assertEquals(one.traces(), merged.traces(), what);
		assertEquals(one.events(), merged.events(), what);
		assertEquals(one.warningCount(), merged.warningCount(), what);
		assertEquals(one.warningKinds(), merged.warningKinds(), what);
		Map<String, AnalysisReport.Group> byId = new HashMap<>();
		merged.groups().forEach(g -> byId.put(g.group().id() + " " + g.group().requestType(), g));
		assertEquals(one.groups().size(), byId.size(), what + ": groups");
		for (AnalysisReport.Group g : one.groups()) {
			String id = g.group().id() + " " + g.group().requestType();
			AnalysisReport.Group m = byId.get(id);
			assertTrue(m != null, what + ": group " + id + " is missing");
			String at = what + ", group " + id;
			assertEquals(g.group().count(), m.group().count(), at);
			assertEquals(g.problem(), m.problem(), at);
			assertEquals(g.reason(), m.reason(), at);
			close(g.latency().mean(), m.latency().mean(), at + " mean");
			close(g.latency().variance(), m.latency().variance(), at + " variance");
			assertEquals(g.latency().p50(), m.latency().p50(), at + " p50");
			assertEquals(g.latency().p90(), m.latency().p90(), at + " p90");
			assertEquals(g.latency().p99(), m.latency().p99(), at + " p99");
			if (ordered) {
				assertEquals(g.group().representative().id(), m.group().representative().id(), at);
				assertEquals(g.group().traceIds(), m.group().traceIds(), at);
			} else {
				assertEquals(new TreeSet<>(g.group().traceIds()), new TreeSet<>(m.group().traceIds()), at);
			}
			Map<String, EdgeShare> edges = new HashMap<>();
			m.edges().forEach(e -> edges.put(e.label(), e));
			assertEquals(g.edges().size(), edges.size(), at + ": edges");
			double scale = Math.max(1, g.latency().mean());
			for (EdgeShare e : g.edges()) {
				EdgeShare o = edges.get(e.label());
				assertTrue(o != null, at + ": edge " + e.label());
				String edge = at + ", " + e.label();
				if (ordered) {
					assertEquals(e.slot(), o.slot(), edge);
				}
				assertEquals(e.position(), o.position(), edge);
				absolute(e.share(), o.share(), 1e-9, edge + " share");
				// an interval's half-width is the root of raw sums that cancel (HC1): where it is near 0, one pass
				// itself carries rounding of about 1e-8 (measured), so the ends are checked to 1e-6
				absolute(e.shareLow(), o.shareLow(), 1e-6, edge + " share low");
				absolute(e.shareHigh(), o.shareHigh(), 1e-6, edge + " share high");
				absolute(e.varianceShare(), o.varianceShare(), 1e-9, edge + " own share");
				absolute(e.meanNanos(), o.meanNanos(), 1e-9 * scale, edge + " mean");
				absolute(e.varianceNanos2(), o.varianceNanos2(), 1e-9 * scale * scale, edge + " variance");
			}
			assertEquals(g.attributes().size(), m.attributes().size(), at + ": attributes " + g.attributes() + " / " + m.attributes());
			for (int i = 0; i < g.attributes().size(); i++) {
				AttributeEffect a = g.attributes().get(i);
				AttributeEffect b = m.attributes().get(i);
				String attr = at + ", " + a.describe();
				assertEquals(a.key(), b.key(), attr);
				assertEquals(a.value(), b.value(), attr);
				assertEquals(a.traces(), b.traces(), attr);
				close(a.meanNanos(), b.meanNanos(), attr);
				absolute(a.correlation(), b.correlation(), 1e-9, attr);
				absolute(a.varianceExplained(), b.varianceExplained(), 1e-9, attr);
				close(a.p(), b.p(), attr + " p");
			}
		}
	}

	private static void close(double a, double b, String what) {
		if (Double.isNaN(a) || Double.isNaN(b)) {
			assertEquals(a, b, what);
			return;
		}
		assertEquals(a, b, 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-300, what);
	}

	private static void absolute(double a, double b, double tolerance, String what) {
		if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
			assertEquals(a, b, what);
			return;
		}
		assertEquals(a, b, tolerance, what);
	}
}
