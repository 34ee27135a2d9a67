// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.Grouping;
import io.pythia.core.analysis.ParallelAnalysis;
import io.pythia.core.analysis.ReportAgreement;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;

/**
 * Every real trace in ../shared/traces (all seven formats, in file order), split into shards at random, analysed
 * shard by shard and merged: the report agrees with one pass over them ({@link ReportAgreement}), in arrival order
 * when the shards are runs of the stream, and on everything but the order when traces are dealt out at random; and
 * the parallel analysis gives the one pass's report. Both groupings.
 */
class MergedRealTracesPropertyTest {

	private static final List<Trace> ALL = readAll();

	private static List<Trace> readAll() {
		List<Trace> out = new ArrayList<>();
		try {
			new TraceImporter().readAll(List.of(SharedTraces.ROOT), TraceSink.of(out::add, w -> {
			}));
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		if (out.size() < 50) {
			throw new IllegalStateException("too few shared traces to check merging: " + out.size());
		}
		return out;
	}

	@Property(tries = 40)
	void shardsMergedAgreeWithOnePass(@ForAll long seed, @ForAll @IntRange(min = 2, max = 6) int shards,
			@ForAll boolean contiguous, @ForAll boolean byWorkflow) {
		AnalysisOptions options = AnalysisOptions.DEFAULTS.withGrouping(byWorkflow ? Grouping.WORKFLOW : Grouping.CRITICAL_PATH);
		Analysis whole = new Analysis(options);
		ALL.forEach(whole::accept);
		AnalysisReport one = whole.report();
		Random random = new Random(seed);
		List<List<Trace>> parts = new ArrayList<>();
		if (contiguous) {
			TreeSet<Integer> cuts = new TreeSet<>();
			while (cuts.size() < shards - 1) {
				cuts.add(1 + random.nextInt(ALL.size() - 1));
			}
			int from = 0;
			for (int cut : cuts) {
				parts.add(ALL.subList(from, cut));
				from = cut;
			}
			parts.add(ALL.subList(from, ALL.size()));
		} else {
			for (int i = 0; i < shards; i++) {
				parts.add(new ArrayList<>());
			}
			ALL.forEach(t -> parts.get(random.nextInt(shards)).add(t));
		}
		Analysis merged = null;
		for (List<Trace> part : parts) {
			Analysis a = new Analysis(options);
			part.forEach(a::accept);
			if (merged == null) {
				merged = a;
			} else {
				merged.merge(a);
			}
		}
		List<String> differences = ReportAgreement.differences(one, merged.report(), contiguous);
		if (!differences.isEmpty()) {
			throw new AssertionError(parts.size() + (contiguous ? " runs" : " random shards") + ": " + differences);
		}
		try (ParallelAnalysis parallel = new ParallelAnalysis(options, 2)) {
			ALL.forEach(parallel::accept);
			List<String> d = ReportAgreement.differences(one, parallel.report(), true);
			if (!d.isEmpty()) {
				throw new AssertionError("parallel: " + d);
			}
		}
	}
}
