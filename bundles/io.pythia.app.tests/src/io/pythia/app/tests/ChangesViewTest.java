// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MHandledMenuItem;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;
import io.pythia.importers.TraceWriter;
import io.pythia.services.BaselineJob;
import io.pythia.services.ImportJob;
import io.pythia.services.Investigation;
import io.pythia.services.TraceSourceList;
import io.pythia.ui.internal.handlers.CompareBaselineHandler;
import io.pythia.ui.internal.parts.ChangesPart;

/**
 * Open traces, then compare them with a baseline: the Changes view comes forward and names the step that slowed
 * down first, and follows a new analysis of the open traces.
 */
class ChangesViewTest {

	@TempDir
	Path dir;

	/** Checkouts (cart, payments charge, mail), each step lognormal; with a steady delay in the charge. */
	private static void checkouts(Path file, long seed, int count, long delayMicros) throws Exception {
		Random random = new Random(seed);
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
		});
		List<Trace> traces = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long t0 = 1_700_000_000_000_000L + i * 100_000L;
			long cart = Math.round(2000 * Math.exp(0.3 * random.nextGaussian()));
			long charge = Math.round(3000 * Math.exp(0.3 * random.nextGaussian())) + delayMicros;
			long mail = Math.round(1000 * Math.exp(0.3 * random.nextGaussian()));
			traces.add(assembler.assemble(String.format("%032x", seed << 32 | i), List.of(
					span("root", null, t0, cart + charge + mail + 40, "shop", "checkout"),
					span("cart", "root", t0 + 10, cart, "cart", "load"),
					span("charge", "root", t0 + 20 + cart, charge, "payments", "charge"),
					span("mail", "root", t0 + 30 + cart + charge, mail, "mailer", "send"))));
		}
		try (OutputStream out = Files.newOutputStream(file)) {
			TraceWriter.writeJaeger(traces, out);
		}
	}

	private static SpanInput span(String id, String parent, long startMicros, long micros, String service, String op) {
		return new SpanInput(id, parent, startMicros * 1000, micros * 1000, service + ":" + op,
				new Attributes(service, "", op, Map.of()));
	}

	@Test
	void theChangesViewNamesTheSlowedStepFirst() throws Exception {
		Path baseline = dir.resolve("yesterday.json");
		Path today = dir.resolve("today.json");
		Path later = dir.resolve("later.json");
		checkouts(baseline, 1, 60, 0);
		checkouts(today, 2, 60, 20_000);
		checkouts(later, 3, 60, 0);
		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			var ctx = r.application().getContext();
			Investigation investigation = ctx.get(Investigation.class);
			EModelService models = ctx.get(EModelService.class);
			seen.put("menu", models.findElements(r.window(), "io.pythia.app.menuitem.compareBaseline", MHandledMenuItem.class,
					null, EModelService.IN_MAIN_MENU).stream().map(MHandledMenuItem::getLabel).toList());
			ImportJob opened = ImportJob.open(ctx.get(TraceSourceList.class), investigation, List.of(today));
			WorkbenchRun.spinUntil(r.display(), () -> opened.getResult() != null, 60_000);
			EPartService parts = r.window().getContext().get(EPartService.class);
			BaselineJob job = CompareBaselineHandler.compare(investigation, parts, List.of(baseline));
			WorkbenchRun.spinUntil(r.display(), () -> job.getResult() != null, 60_000);
			seen.put("job", job.getResult().isOK());
			MPart part = models.findElements(r.window(), CompareBaselineHandler.CHANGES_PART, MPart.class).get(0);
			seen.put("visible", part.getObject() != null && part.isVisible());
			ChangesPart changes = (ChangesPart) part.getObject();
			WorkbenchRun.spinUntil(r.display(), () -> !changes.changes().isEmpty(), 10_000);
			seen.put("first", changes.changes().get(0).from());
			seen.put("firstSignificant", changes.changes().get(0).significant());
			seen.put("firstDelta", changes.changes().get(0).deltaNanos());
			seen.put("summary", changes.summary());
			Table table = InvestigationViewsTest.all((Composite) part.getWidget(), Table.class).get(0);
			seen.put("rows", table.getItemCount());
			seen.put("firstRow", table.getItem(0).getText(4));
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "changes.png");
			// the open traces change: so does the comparison
			ImportJob again = ImportJob.open(ctx.get(TraceSourceList.class), investigation, List.of(later));
			WorkbenchRun.spinUntil(r.display(), () -> again.getResult() != null, 60_000);
			WorkbenchRun.spinUntil(r.display(), () -> changes.summary().contains("now: 120 traces"), 10_000);
			seen.put("summaryAfter", changes.summary());
		});
		assertEquals(List.of("Compare with &Baseline..."), seen.get("menu"));
		assertEquals(Boolean.TRUE, seen.get("job"));
		assertEquals(Boolean.TRUE, seen.get("visible"), "the Changes view comes forward");
		assertEquals("payments:charge", seen.get("first"));
		assertEquals(Boolean.TRUE, seen.get("firstSignificant"));
		assertTrue((double) seen.get("firstDelta") > 15e6, seen.toString());
		assertTrue(((String) seen.get("summary")).startsWith("Baseline: 60 traces (" + baseline + "); now: 60 traces."),
				(String) seen.get("summary"));
		assertTrue((int) seen.get("rows") >= 1);
		assertEquals("payments:charge start -> payments:charge end", seen.get("firstRow"));
		assertTrue(((String) seen.get("summaryAfter")).contains("now: 120 traces"), (String) seen.get("summaryAfter"));
	}
}
