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
 * counts, percentiles, flags and ids, and to rounding for the rest ({@link ReportAgreement}). Checked on four
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
	void theParallelAnalysisGivesTheReportOfOnePass() throws Exception {
		for (List<Trace> corpus : corpora()) {
			for (Grouping grouping : Grouping.values()) {
				AnalysisOptions options = options(grouping);
				List<Trace> many = new ArrayList<>(); // several batches of each
				for (int k = 0; k < 3; k++) {
					many.addAll(corpus);
				}
				for (int threads : new int[] { 1, 2, 3 }) {
					try (ParallelAnalysis p = new ParallelAnalysis(options, threads)) {
						many.forEach(p::accept);
						assertSameReport(analyse(many, options), p.report(), true, grouping + ", " + threads + " workers");
					}
				}
			}
		}
	}

	@Test
	void aFailureInABatchIsThrownToTheFeeder() throws Exception {
		List<Trace> corpus = new WorkflowCorpus(3, 300).traces(600);
		AnalysisOptions options = new AnalysisOptions(0.05, 4, t -> {
			if (t.id().equals(corpus.get(400).id())) {
				throw new IllegalStateException("no request type for " + t.id());
			}
			return "create";
		}, 1000, Grouping.WORKFLOW, Map.of());
		try (ParallelAnalysis p = new ParallelAnalysis(options, 2)) {
			IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
				corpus.forEach(p::accept);
				p.report();
			});
			assertTrue(e.getMessage().contains(corpus.get(400).id()), e.getMessage());
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
		List<String> differences = ReportAgreement.differences(one, merged, ordered);
		assertTrue(differences.isEmpty(), what + ": " + differences);
	}
}
