// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.services.Investigation;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceImporter;

/** The investigation model without a window: a new analysis keeps the engineer's group selection when it can. */
class InvestigationModelTest {

	private static AnalysisReport analyse() throws Exception {
		Analysis a = new Analysis(AnalysisOptions.DEFAULTS);
		new TraceImporter().readAll(List.of(Path.of(System.getProperty("pythia.shared", "../shared"), "traces", "jaeger")),
				TraceSink.of(a::accept, a::warn));
		return a.report();
	}

	@Test
	void aNewAnalysisKeepsTheSelectedGroupWhenItHasIt() throws Exception {
		Investigation investigation = new Investigation();
		AnalysisReport first = analyse();
		assertTrue(first.groups().size() > 2);
		investigation.setAnalysed(new Investigation.Analysed(first, new io.pythia.importers.ImportResult(1, List.of()), 0, Map.of(), 0, 0));
		assertEquals(first.groups().get(0), investigation.group().orElseThrow(), "the group with most variance first");
		investigation.selectGroup(first.groups().get(2));

		AnalysisReport second = analyse(); // the next cycle: other objects, same group ids
		investigation.setAnalysed(new Investigation.Analysed(second, new io.pythia.importers.ImportResult(1, List.of()), 0, Map.of(), 0, 0));
		AnalysisReport.Group kept = investigation.group().orElseThrow();
		assertNotSame(first.groups().get(2), kept);
		assertEquals(first.groups().get(2).group().id(), kept.group().id());

		AnalysisReport empty = new Analysis(AnalysisOptions.DEFAULTS).report();
		investigation.setAnalysed(new Investigation.Analysed(empty, new io.pythia.importers.ImportResult(0, List.of()), 0, Map.of(), 0, 0));
		assertTrue(investigation.group().isEmpty(), "no groups, no selection");
	}
}
