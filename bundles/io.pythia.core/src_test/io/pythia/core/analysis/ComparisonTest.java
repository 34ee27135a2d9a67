// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;

/** What changed between a baseline and a selection: the injected delay first, exactly decomposed, noise quiet. */
class ComparisonTest {

	private static AnalysisReport analyse(List<Trace> traces, AnalysisOptions options) {
		Analysis a = new Analysis(options);
		traces.forEach(a::accept);
		return a.report();
	}

	private static AnalysisReport analyse(List<Trace> traces) {
		return analyse(traces, AnalysisOptions.DEFAULTS);
	}

	@Test
	void aCorpusAgainstItselfChangesNothing() throws Exception {
		AnalysisReport r = analyse(new FanOutCorpus(1, 0.2, null, 0).traces(80));
		Comparison c = Comparison.of(r, r);
		assertTrue(c.changes().isEmpty(), c.changes().toString());
		assertEquals(1, c.requestTypes().size());
		assertEquals(0, c.requestTypes().get(0).deltaNanos(), 0);
	}

	@Test
	void theInjectedDelayIsNamedFirstAndTheEdgesAddUpToTheTypesChange() throws Exception {
		for (Grouping grouping : Grouping.values()) {
			AnalysisOptions options = AnalysisOptions.DEFAULTS.withGrouping(grouping);
			AnalysisReport before = analyse(new FanOutCorpus(2, 0.2, null, 0).traces(120), options);
			AnalysisReport after = analyse(new FanOutCorpus(2, 0.2, FanOutCorpus.INJECTED, 3000).traces(120), options);
			Comparison c = Comparison.of(before, after);
			Comparison.Change first = c.changes().get(0);
			assertEquals(FanOutCorpus.INJECTED, first.from(), grouping + ": " + first);
			assertEquals(FanOutCorpus.INJECTED, first.to());
			assertTrue(first.significant(), first.toString());
			assertTrue(first.deltaLowNanos() > 0 && first.deltaLowNanos() <= first.deltaNanos()
					&& first.deltaNanos() <= first.deltaHighNanos(), first.toString());
			assertTrue(first.selectionShare() > first.baselineShare(), "the edge took over the variance: " + first);
			// contributions add up to the response time: so do their changes, to the type's change
			Comparison.TypeChange type = c.requestTypes().get(0);
			double sum = c.changes().stream().mapToDouble(Comparison.Change::deltaNanos).sum();
			assertEquals(type.deltaNanos(), sum, Math.abs(type.deltaNanos()) * 1e-9, grouping.toString());
			double explains = c.changes().stream().mapToDouble(Comparison.Change::explains).sum();
			assertEquals(1, explains, 1e-9);
			assertTrue(first.explains() > 0.5, first.toString());
		}
	}

	@Test
	void aSteadyDelayOfThirtyMillisecondsIsNamedFirstInANoisySystem() throws Exception {
		String delayed = "svc3:call.step2.sub3";
		AnalysisReport before = analyse(new LayeredNoiseCorpus(4, 0.8, null, 0).traces(100));
		AnalysisReport after = analyse(new LayeredNoiseCorpus(5, 0.8, delayed, 30_000).traces(100));
		Comparison.Change first = Comparison.of(before, after).changes().get(0);
		assertEquals(delayed, first.from(), first.toString());
		assertTrue(first.deltaNanos() > 20e6, first.toString());
	}

	/** Two samples of the same noisy system: no significant change, in 9 of 10 pairs or more. */
	@Test
	void twoSamplesOfTheSameSystemShowNoSignificantChange() throws Exception {
		int quiet = 0;
		for (int seed = 0; seed < 10; seed++) {
			AnalysisReport a = analyse(new LayeredNoiseCorpus(100 + seed, 0.8, null, 0).traces(60));
			AnalysisReport b = analyse(new LayeredNoiseCorpus(200 + seed, 0.8, null, 0).traces(60));
			quiet += Comparison.of(a, b).changes().stream().noneMatch(Comparison.Change::significant) ? 1 : 0;
		}
		assertTrue(quiet >= 9, quiet + " of 10 quiet");
	}

	@Test
	void aRequestTypeOnOneSideOnlyIsListedWithoutChanges() throws Exception {
		AnalysisReport fan = analyse(new FanOutCorpus(3, 0.2, null, 0).traces(40));
		Analysis both = new Analysis(AnalysisOptions.DEFAULTS);
		new FanOutCorpus(3, 0.2, null, 0).traces(40).forEach(both::accept);
		new LayeredNoiseCorpus(3, 0.2, null, 0).traces(40).forEach(both::accept);
		Comparison c = Comparison.of(fan, both.report());
		assertEquals(2, c.requestTypes().size());
		Comparison.TypeChange added = c.requestTypes().stream().filter(t -> t.baselineTraces() == 0).findFirst().orElseThrow();
		assertEquals(40, added.selectionTraces());
		assertTrue(Double.isNaN(added.baselineMeanNanos()));
		assertFalse(c.changes().stream().anyMatch(ch -> ch.requestType().equals(added.requestType())), c.changes().toString());
	}
}
