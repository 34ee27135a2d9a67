// SPDX-License-Identifier: EPL-2.0
package io.pythia.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

	@Test
	void computesMomentsAndCoefficientOfVariation() {
		// mean 5, population variance ((−3)²+(−1)²+1²+3²)/4 = 5
		LatencySummary s = LatencySummary.of(2, 4, 6, 8);
		assertEquals(4, s.count());
		assertEquals(5.0, s.mean(), 1e-12);
		assertEquals(5.0, s.variance(), 1e-12);
		assertEquals(Math.sqrt(5) / 5, s.coefficientOfVariation(), 1e-12);
	}

	@Test
	void percentilesUseNearestRank() {
		double[] oneToHundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
		LatencySummary s = LatencySummary.of(oneToHundred);
		assertEquals(50, s.p50());
		assertEquals(90, s.p90());
		assertEquals(99, s.p99());
		LatencySummary single = LatencySummary.of(7);
		assertEquals(7, single.p50());
		assertEquals(7, single.p99());
		assertEquals(0, single.variance());
	}

	@Test
	void keepsPrecisionForLargeValuesWithSmallSpread() {
		// nanosecond-scale values: a naive sum of squares loses the spread entirely
		double base = 1.7e12;
		LatencySummary s = LatencySummary.of(base + 1000, base + 3000, base + 1000, base + 3000);
		assertEquals(1_000_000.0, s.variance(), 1e-3);
	}

	@Test
	void identicalSamplesHaveNoVariation() {
		LatencySummary s = LatencySummary.of(12, 12, 12, 12, 12);
		assertEquals(0, s.coefficientOfVariation());
		assertEquals(0, LatencySummary.of(0, 0).coefficientOfVariation());
	}

	@Test
	void rejectsEmptyAndNonFiniteInput() {
		IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> LatencySummary.of());
		assertTrue(empty.getMessage().contains("no samples"));
		IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
				() -> LatencySummary.of(1, Double.NaN));
		assertTrue(nan.getMessage().contains("sample 1"));
	}
}
