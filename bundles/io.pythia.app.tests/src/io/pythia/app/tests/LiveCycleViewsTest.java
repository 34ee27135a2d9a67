// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.widgets.Composite;
import org.junit.jupiter.api.Test;

import io.pythia.agent.Agent;
import io.pythia.services.LiveJobs;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.parts.CycleHistoryPart;
import io.pythia.ui.internal.parts.InstrumentationPart;
import io.pythia.ui.internal.parts.ProposalsPart;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.search.CycleEngine;
import io.pythia.search.Proposal;

/**
 * A full live cycle through the workbench: two real agents ({@link TwoAgentSystem}) serve a workload whose deepest
 * step has a random delay. The test connects through a
 * connection file, sees the problem group, approves the proposals with the view's buttons, pushes, and checks that
 * the agents changed state, the push results are shown, and the next cycle's traces arrived.
 */
class LiveCycleViewsTest {

	@Test
	void connectApprovePushAndSeeTheNextCycle() throws Exception {
		Path dir = Files.createTempDirectory("pythia-live-ui");
		Map<String, Object> seen = new LinkedHashMap<>();
		try (TwoAgentSystem system = new TwoAgentSystem(dir)) {
			Agent front = system.front;
			Agent back = system.back;
			Path connection = system.connection;
			InvestigationSettings settings = new InvestigationSettings(0.05, 4, 3, 1.0, "hierarchical", 0.5, 8, 1.5);

			WorkbenchRun.run(r -> {
				Investigation investigation = r.application().getContext().get(Investigation.class);
				LiveJobs.connect(connection, settings, investigation);
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> investigation.live()
						.filter(s -> s.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL).isPresent(), 90_000),
						"first proposals: " + investigation.liveStatus());
				WorkbenchRun.spinUntil(r.display(), () -> false, 300);
				LiveInvestigation session = investigation.live().get();
				seen.put("problemGroups", investigation.analysed().map(a -> a.report().problemGroups().size()).orElse(0));
				show(r, "io.pythia.app.part.proposals", ProposalsPart.class);
				MPart proposals = part(r, "io.pythia.app.part.proposals");
				seen.put("rowsBefore", Shown.rows(proposals, 0, " | ", 4));
				List<Proposal> proposed = List.copyOf(session.snapshot().proposals());
				seen.put("proposed", proposed.size());
				Map<String, List<String>> before = new LinkedHashMap<>(back.state());
				before.putAll(front.state());
				seen.put("before", before);

				Composite root = (Composite) part(r, "io.pythia.app.part.proposals").getWidget();
				// the keys: Ctrl+Shift+A runs the command bound to it, which does what Approve all does
				seen.put("keys", io.pythia.ui.internal.handlers.KeysHandler.keys(r.application()));
				seen.put("approveAllTip", InvestigationViewsTest.all(root, org.eclipse.swt.widgets.Button.class).stream()
						.filter(b -> "Approve all".equals(b.getText())).findFirst().orElseThrow().getToolTipText());
				var commands = r.window().getContext().get(org.eclipse.e4.core.commands.ECommandService.class);
				var handlers = r.window().getContext().get(org.eclipse.e4.core.commands.EHandlerService.class);
				handlers.executeHandler(commands.createCommand("io.pythia.app.command.approveAll", null));
				WorkbenchRun.spinUntil(r.display(), () -> Shown.rows(proposals, 0, " | ", 4).stream().allMatch(x -> x.startsWith("\u2713")), 5_000);
				seen.put("rowsApproved", Shown.rows(proposals, 0, " | ", 4));
				WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "proposals.png");
				handlers.executeHandler(commands.createCommand("io.pythia.app.command.push", null)); // Ctrl+Shift+P
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> session.snapshot().cycle() >= 2
						&& (session.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL || session.snapshot().phase() == CycleEngine.Phase.STOPPED),
						90_000), "second cycle: " + investigation.liveStatus());
				WorkbenchRun.spinUntil(r.display(), () -> Shown.agentSummary(proposals).startsWith("Last push"), 5_000);
				seen.put("agentSummary", Shown.agentSummary(proposals));
				Map<String, List<String>> after = new LinkedHashMap<>(back.state());
				after.putAll(front.state());
				seen.put("after", after);
				List<String> enabledNow = new ArrayList<>();
				for (Proposal p : proposed) {
					if (p.action() == Proposal.Action.ENABLE
							&& after.getOrDefault(p.toggle().tracepoint(), List.of()).contains(p.toggle().requestType())) {
						enabledNow.add(p.toggle().tracepoint());
					}
				}
				seen.put("enabledNow", enabledNow);
				seen.put("enableProposals", proposed.stream().filter(p -> p.action() == Proposal.Action.ENABLE).count());
				CycleHistoryPart history = show(r, "io.pythia.app.part.history", CycleHistoryPart.class);
				MPart historyPart = part(r, "io.pythia.app.part.history");
				WorkbenchRun.spinUntil(r.display(), () -> Shown.rows(historyPart, 0, " | ", -1).size() >= 2, 5_000);
				seen.put("history", session.snapshot().history());
				seen.put("historyTable", Shown.rows(historyPart, 0, " | ", -1));
				try { // the cycle chart's export, as its button does after the file dialog
					Path svg = dir.resolve("cycles.svg");
					Path png = dir.resolve("cycles.png");
					io.pythia.ui.internal.charts.Charts.save(history.cycleChart(), svg);
					io.pythia.ui.internal.charts.Charts.save(history.cycleChart(), png);
					seen.put("cycleSvg", Files.readString(svg));
					byte[] head = Files.readAllBytes(png);
					seen.put("cyclePng", head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G');
				} catch (java.io.IOException e) {
					throw new AssertionError(e);
				}
				WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "cycle-history.png");
				show(r, "io.pythia.app.part.instrumentation", InstrumentationPart.class);
				Shown.expandAll(part(r, "io.pythia.app.part.instrumentation"));
				seen.put("tree", Shown.tree(part(r, "io.pythia.app.part.instrumentation")));
				show(r, "io.pythia.app.part.proposals", ProposalsPart.class);
				WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "proposals-pushed.png");
				try {
					session.close();
				} catch (java.io.IOException e) {
					throw new AssertionError(e);
				}
				// File > Open Session: the journal resumes where it stood, against the same agents
				int cycleBefore = session.snapshot().cycle();
				LiveJobs.reopen(session.journal(), settings, investigation);
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> investigation.live().filter(s -> s != session)
						.filter(s -> s.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL || s.snapshot().phase() == CycleEngine.Phase.STOPPED)
						.isPresent(), 60_000), "reopened: " + investigation.liveStatus());
				LiveInvestigation reopened = investigation.live().get();
				seen.put("reopenedCycle", reopened.snapshot().cycle());
				seen.put("cycleBefore", cycleBefore);
				seen.put("reopenedHistory", reopened.snapshot().history());
				try {
					reopened.close();
				} catch (java.io.IOException e) {
					throw new AssertionError(e);
				}
			});
		}
		assertTrue((int) seen.get("problemGroups") > 0, "the random delay makes a problem group");
		@SuppressWarnings("unchecked")
		List<String> tree = (List<String>) seen.get("tree");
		// request type, service, then the calling hierarchy under each service's entry (the skeleton)
		assertEquals(List.of("create", "  back", "    back:store", "      back:store.index", "      back:store.write",
				"        back:store.write.encode", "        back:store.write.fsync", "  front", "    front:create",
				"      front:validate"), tree.stream().map(l -> l.substring(0, l.indexOf(" | "))).toList(), tree.toString());
		assertTrue(tree.get(2).startsWith("    back:store | skeleton | ") && tree.get(8).startsWith("    front:create | skeleton | "),
				tree.toString());
		@SuppressWarnings("unchecked")
		List<String> historyTable = (List<String>) seen.get("historyTable");
		assertTrue(historyTable.size() >= 2 && historyTable.get(0).startsWith("1 | ") && historyTable.get(1).startsWith("2 | "),
				"the history table shows its rows: " + historyTable);
		String cycleSvg = (String) seen.get("cycleSvg");
		assertEquals(2, cycleSvg.split("<polyline ").length - 1, "one line per series: " + cycleSvg);
		assertTrue(cycleSvg.contains("% of tracepoints enabled"), cycleSvg);
		assertEquals(Boolean.TRUE, seen.get("cyclePng"));
		assertTrue((int) seen.get("proposed") > 0, "the first cycle proposes something");
		@SuppressWarnings("unchecked")
		List<String> rowsBefore = (List<String>) seen.get("rowsBefore");
		assertTrue(rowsBefore.stream().allMatch(x -> x.startsWith("pending")), "nothing is approved by itself: " + rowsBefore);
		@SuppressWarnings("unchecked")
		List<String> keys = (List<String>) seen.get("keys");
		assertTrue(keys.stream().anyMatch(k -> k.endsWith("\tApprove All Proposals") && k.contains("A")), keys.toString());
		assertTrue(keys.stream().anyMatch(k -> k.endsWith("\tPush Approved Toggles")), keys.toString());
		assertTrue(((String) seen.get("approveAllTip")).contains("Ctrl+Shift+A"), (String) seen.get("approveAllTip"));
		List<String> rowsApproved = (List<String>) seen.get("rowsApproved");
		assertTrue(rowsApproved.stream().allMatch(x -> x.startsWith("\u2713 approved")), rowsApproved.toString());
		assertFalse(seen.get("before").equals(seen.get("after")), "the agents changed state: " + seen.get("after"));
		@SuppressWarnings("unchecked")
		List<String> enabledNow = (List<String>) seen.get("enabledNow");
		assertEquals(((Long) seen.get("enableProposals")).intValue(), enabledNow.size(),
				"every approved enable is on in the agents: " + seen.get("after"));
		assertTrue(((String) seen.get("agentSummary")).startsWith("Last push: every agent applied it."), (String) seen.get("agentSummary"));
		@SuppressWarnings("unchecked")
		List<LiveInvestigation.CycleRow> history = (List<LiveInvestigation.CycleRow>) seen.get("history");
		assertTrue(history.size() >= 2, "a row per cycle: " + history);
		assertTrue(history.get(1).traces() > 0, "the next cycle's traces arrived: " + history);
		assertEquals(((Long) seen.get("enableProposals")).intValue(), history.get(0).enabled(), history.toString());
		assertTrue((int) seen.get("reopenedCycle") >= (int) seen.get("cycleBefore"), "the reopened session goes on from its cycle");
		@SuppressWarnings("unchecked")
		List<LiveInvestigation.CycleRow> reopenedHistory = (List<LiveInvestigation.CycleRow>) seen.get("reopenedHistory");
		assertEquals(1, reopenedHistory.get(0).cycle());
		assertEquals("(before the session was reopened)", reopenedHistory.get(0).topEdge());
		assertEquals(history.get(0).enabled(), reopenedHistory.get(0).enabled(), "the journal kept what was pushed");
	}

	static MPart part(WorkbenchRun.Running r, String id) {
		EModelService models = r.application().getContext().get(EModelService.class);
		return models.findElements(r.window(), id, MPart.class).get(0);
	}

	static <T> T show(WorkbenchRun.Running r, String id, Class<T> type) {
		MPart part = part(r, id);
		r.window().getContext().get(EPartService.class).showPart(part, EPartService.PartState.ACTIVATE);
		WorkbenchRun.spinUntil(r.display(), () -> false, 300);
		return type.cast(part.getObject());
	}

	private static void click(Composite root, String text) {
		InvestigationViewsTest.click(root, text);
	}
}
