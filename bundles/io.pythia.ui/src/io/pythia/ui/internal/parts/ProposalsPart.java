// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;

import io.pythia.services.LiveJobs;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.services.Investigation;
import io.pythia.control.ControlClient;
import io.pythia.search.CycleEngine;
import io.pythia.search.Proposal;

/**
 * This cycle's proposals: approve or reject each (or all), see the budget left, push what was approved and read
 * each agent's answer. Nothing is pushed without approval unless autopilot is on.
 */
public class ProposalsPart {

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Label status;
	private Button autopilot;
	private Table proposals;
	private Rows<ProposalRow> proposalRows;
	private Label budget;
	private Button push;
	private Button resume;
	private Button cancel;
	private final java.util.List<Button> decisionButtons = new java.util.ArrayList<>();
	private Table agents;
	private Rows<ControlClient.AgentResult> agentRows;
	private Label agentSummary;

	@Inject
	public ProposalsPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		Composite top = Widgets.bar(parent, 2);
		status = new Label(top, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(status);
		autopilot = new Button(top, SWT.CHECK);
		autopilot.setText("Autopilot");
		autopilot.setToolTipText("Approve and push every proposal without asking, cycle after cycle");
		autopilot.addListener(SWT.Selection, e -> investigation.live().ifPresent(s -> {
			boolean on = autopilot.getSelection();
			boolean waiting = s.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL && !investigation.liveBusy();
			LiveJobs.autopilot(s, on, on && waiting, investigation);
		}));
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		Composite left = new Composite(sash, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(left);
		proposals = Widgets.table(left, SWT.MULTI, "Decision", 80, "Action", 65, "Tracepoint", 230, "Request type", 110,
				"Strategy", 95, "Share", -60, "Reason", 420);
		proposalRows = new Rows<>(proposals, ProposalRow::cells);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(proposals);
		Composite buttons = new Composite(left, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(7).applyTo(buttons);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
		decisionButtons.add(button(buttons, "Approve", () -> decideSelected(CycleEngine.Decision.APPROVED)));
		decisionButtons.add(button(buttons, "Reject", () -> decideSelected(CycleEngine.Decision.REJECTED)));
		decisionButtons.add(button(buttons, "Approve all",
				() -> session().ifPresent(s -> LiveJobs.decideAll(s, CycleEngine.Decision.APPROVED, investigation))));
		decisionButtons.add(button(buttons, "Reject all",
				() -> session().ifPresent(s -> LiveJobs.decideAll(s, CycleEngine.Decision.REJECTED, investigation))));
		push = button(buttons, "Push approved", () -> session().ifPresent(s -> LiveJobs.push(s, investigation)));
		resume = button(buttons, "Continue", () -> session().ifPresent(s -> LiveJobs.advance(s, investigation)));
		resume.setToolTipText("Go on after a failed or cancelled step: collect again, or push again what not every agent took");
		cancel = button(buttons, "Cancel", LiveJobs::cancel);
		cancel.setToolTipText("Cut the collection under way short");
		budget = new Label(left, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(budget);
		Composite right = new Composite(sash, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(right);
		agentSummary = new Label(right, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(agentSummary);
		agents = Widgets.table(right, SWT.SINGLE, "Agent", 90, "Push", 90, "Version", -60, "Detail", 200);
		agentRows = new Rows<>(agents, ProposalsPart::agentCells, r -> r.outcome() == ControlClient.Outcome.APPLIED ? null
				: agents.getDisplay().getSystemColor(SWT.COLOR_RED));
		GridDataFactory.fillDefaults().grab(true, true).applyTo(agents);
		sash.setWeights(68, 32);
		investigation.addListener(listener);
		refresh();
	}

	private static Button button(Composite parent, String text, Runnable action) {
		return Widgets.button(parent, text, null, action);
	}

	/** A proposal as the table shows it: with the decision taken on it, or none yet. */
	private record ProposalRow(Proposal proposal, CycleEngine.Decision decision) {
		String[] cells() {
			Proposal p = proposal;
			return new String[] { decision == null ? "pending" : decision == CycleEngine.Decision.APPROVED ? "\u2713 approved" : "\u2717 rejected",
					p.action().name().toLowerCase(Locale.ROOT), p.toggle().tracepoint(), p.toggle().requestType(),
					p.strategy(), p.share() == 0 ? "" : String.format(Locale.ROOT, "%.0f%%", p.share() * 100), p.reason() };
		}
	}

	private static String[] agentCells(ControlClient.AgentResult r) {
		return new String[] { r.agent(), r.outcome().name().toLowerCase(Locale.ROOT),
				r.version() < 0 ? "" : Long.toString(r.version()), r.detail() };
	}

	private Optional<LiveInvestigation> session() {
		return investigation.live();
	}

	private void decideSelected(CycleEngine.Decision decision) {
		int[] selected = proposals.getSelectionIndices();
		session().ifPresent(s -> LiveJobs.decide(s, selected, decision, investigation));
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.LIVE) {
			sync.asyncExec(() -> {
				if (!proposals.isDisposed()) {
					refresh();
				}
			});
		}
	}

	private void refresh() {
		Optional<LiveInvestigation> live = session();
		String liveStatus = investigation.liveStatus();
		if (live.isEmpty()) {
			status.setText(liveStatus.isEmpty()
					? "Not connected. File > Connect to System... (or Connect to Lab) starts a live investigation: each cycle's "
							+ "proposed toggles show here to approve before they are pushed."
					: liveStatus);
			proposalRows.show(List.of());
			decisionButtons.forEach(b -> b.setEnabled(false));
			push.setEnabled(false);
			resume.setEnabled(false);
			cancel.setEnabled(investigation.liveBusy());
			budget.setText("");
			status.getParent().layout(true, true);
			return;
		}
		LiveInvestigation session = live.get();
		LiveInvestigation.Snapshot s = session.snapshot();
		boolean waiting = s.phase() == CycleEngine.Phase.AWAITING_APPROVAL && !investigation.liveBusy();
		status.setText(liveStatus.isEmpty() ? "Cycle " + s.cycle() + ", " + s.phase().name().toLowerCase(Locale.ROOT) : liveStatus);
		autopilot.setSelection(s.autopilot());
		List<Proposal> list = s.proposals();
		List<ProposalRow> rows = new java.util.ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			rows.add(new ProposalRow(list.get(i), s.decisions().get(i)));
		}
		proposalRows.show(rows);
		decisionButtons.forEach(b -> b.setEnabled(waiting));
		push.setEnabled(waiting);
		resume.setEnabled(!investigation.liveBusy() && s.phase() != CycleEngine.Phase.AWAITING_APPROVAL
				&& s.phase() != CycleEngine.Phase.STOPPED);
		cancel.setEnabled(investigation.liveBusy());
		budget.setText(String.format(Locale.ROOT, "Budget: %d per cycle; %d of %d enabled, %d left",
				session.settings().perCycle(), s.state().count(), session.space().size(), s.budgetLeft()));
		ControlClient.PushReport report = s.lastPush();
		agentRows.show(report == null ? List.of() : report.results());
		var reported = s.reportedAfterPush();
		agentSummary.setText(reported == null ? session.agents().size() + " agents connected; no push yet."
				: String.format(Locale.ROOT, "Last push: %s. The agents report %d tracepoint toggles enabled%s.",
						report != null && report.complete() ? "every agent applied it" : "NOT every agent applied it",
						reported.count(), s.unreachableAfterPush().isEmpty() ? ""
								: " (not answering: " + String.join(", ", s.unreachableAfterPush()) + ")"));
		status.getParent().layout(true, true);
		budget.getParent().layout(true, true);
		agentSummary.getParent().layout(true, true);
	}

	@Focus
	public void setFocus() {
		proposals.setFocus();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}
}
