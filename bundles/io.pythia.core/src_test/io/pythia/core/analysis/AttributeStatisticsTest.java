// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/** Span attributes that go with slower requests are found, ranked, and noise is not. */
class AttributeStatisticsTest {

	@Test
	void studentTPValuesMatchTheTables() {
		assertEquals(0.05, StudentT.twoSidedP(12.706, 1), 1e-4);
		assertEquals(0.05, StudentT.twoSidedP(2.228, 10), 1e-4);
		assertEquals(0.01, StudentT.twoSidedP(2.845, 20), 1e-4);
		assertEquals(0.05, StudentT.twoSidedP(1.95996, 1e7), 1e-4);
		assertEquals(1.0, StudentT.twoSidedP(0, 5), 1e-12);
		assertEquals(0.0, StudentT.twoSidedP(Double.POSITIVE_INFINITY, 5));
		// fractional degrees of freedom (Welch) lie between their neighbours
		double p = StudentT.twoSidedP(2.5, 7.5);
		assertTrue(p > StudentT.twoSidedP(2.5, 8) && p < StudentT.twoSidedP(2.5, 7), "p " + p);
	}

	/** A two-span trace: a front span whose child runs on {@code host} with {@code tags}, for {@code millis}. */
	private static Trace trace(SpanTraceAssembler assembler, int i, String host, Map<String, String> tags,
			double millis) throws Exception {
		long child = Math.round(millis * 1e6);
		return assembler.assemble("t" + i, List.of(
				new SpanInput("a", null, 0, child + 2_000_000, "front:get", new Attributes("front", "web-1", "get", Map.of())),
				new SpanInput("b", "a", 1_000_000, child, "store:read", new Attributes("store", host, "read", tags))));
	}

	private static SpanTraceAssembler assembler() {
		return new SpanTraceAssembler("generated", new Interner(), w -> {
		});
	}

	@Test
	void aSlowReplicaIsNamedFirstWithItsCountAndMeans() throws Exception {
		Random random = new Random(7);
		AttributeStatistics stats = new AttributeStatistics();
		SpanTraceAssembler a = assembler();
		int slow = 0;
		for (int i = 0; i < 120; i++) {
			int replica = i % 3;
			double ms = 20 * Math.exp(0.2 * random.nextGaussian()) + (replica == 2 ? 30 : 0);
			slow += replica == 2 ? 1 : 0;
			Trace t = trace(a, i, "store-" + replica, Map.of("replica", Integer.toString(replica), "region", "eu"), ms);
			stats.add(t, t.duration());
		}
		List<AttributeEffect> effects = stats.effects();
		assertTrue(effects.size() >= 2, effects.toString());
		// the replica tag and the host say the same: both explain most of the variance
		AttributeEffect first = effects.get(0);
		assertEquals(AttributeEffect.Kind.VALUE, first.kind());
		assertTrue(first.describe().equals("replica=2") || first.describe().equals("host=store-2"), first.describe());
		assertEquals(slow, first.traces());
		assertTrue(first.meanNanos() - first.othersMeanNanos() > 25e6, first.toString());
		assertTrue(first.varianceExplained() > 0.7, first.toString());
		assertTrue(first.p() < 1e-10, first.toString());
		// a value every trace has tells nothing; the fast replicas are not "slow" values
		assertTrue(effects.stream().noneMatch(e -> "region".equals(e.key())), effects.toString());
		assertTrue(effects.stream().noneMatch(e -> "0".equals(e.value()) || "1".equals(e.value())), effects.toString());
	}

	@Test
	void aQueueLengthCorrelatesAndAnIdDoesNot() throws Exception {
		Random random = new Random(11);
		AttributeStatistics stats = new AttributeStatistics();
		SpanTraceAssembler a = assembler();
		for (int i = 0; i < 200; i++) {
			int queue = random.nextInt(50);
			double ms = 10 + 0.5 * queue + random.nextGaussian();
			Map<String, String> tags = Map.of("queue.length", Integer.toString(queue), "request.id",
					"req-" + random.nextLong(), "request.number", Integer.toString(1000 + i));
			Trace t = trace(a, i, "store-1", tags, ms);
			stats.add(t, t.duration());
		}
		List<AttributeEffect> effects = stats.effects();
		assertEquals("queue.length", effects.get(0).key(), effects.toString());
		assertEquals(AttributeEffect.Kind.NUMERIC, effects.get(0).kind());
		assertNull(effects.get(0).value());
		assertTrue(effects.get(0).correlation() > 0.9, effects.toString());
		assertEquals(200, effects.get(0).traces());
		assertTrue(effects.stream().noneMatch(e -> e.key().startsWith("request.")), effects.toString());
	}

	/** Forty keys of values drawn independently of the response time: nothing, in 19 of 20 corpora or more. */
	@Test
	void noiseGivesNothing() throws Exception {
		int clean = 0;
		for (int seed = 0; seed < 20; seed++) {
			Random random = new Random(seed);
			AttributeStatistics stats = new AttributeStatistics();
			SpanTraceAssembler a = assembler();
			for (int i = 0; i < 150; i++) {
				Map<String, String> tags = new HashMap<>();
				for (int k = 0; k < 40; k++) {
					tags.put("k" + k, k % 2 == 0 ? "v" + random.nextInt(4) : Integer.toString(random.nextInt(1000)));
				}
				Trace t = trace(a, i, "store-" + random.nextInt(3), tags, 20 * Math.exp(0.3 * random.nextGaussian()));
				stats.add(t, t.duration());
			}
			clean += stats.effects().isEmpty() ? 1 : 0;
		}
		assertTrue(clean >= 19, clean + " of 20 clean");
	}

	@Test
	void theAnalysisReportsEffectsPerGroup() throws Exception {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		SpanTraceAssembler a = assembler();
		Random random = new Random(3);
		List<Trace> traces = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			boolean cold = i % 4 == 0;
			traces.add(trace(a, i, "store-1", Map.of("cache", cold ? "miss" : "hit"),
					(cold ? 40 : 10) * Math.exp(0.1 * random.nextGaussian())));
		}
		traces.forEach(analysis::accept);
		AnalysisReport.Group g = analysis.report().groups().get(0);
		assertEquals("cache=miss", g.attributes().get(0).describe());
		assertEquals(15, g.attributes().get(0).traces());
	}
}
