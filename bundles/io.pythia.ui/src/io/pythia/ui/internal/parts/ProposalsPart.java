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
import io.pythia.ui.internal.Messages;

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
		autopilot.setText(Messages.PROPOSALS_AUTOPILOT);
		autopilot.setToolTipText(Messages.PROPOSALS_AUTOPILOT_TIP);
		autopilot.addListener(SWT.Selection, e -> investigation.live().ifPresent(s -> {
			boolean on = autopilot.getSelection();
			boolean waiting = s.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL && !investigation.liveBusy();
			LiveJobs.autopilot(s, on, on && waiting, investigation);
		}));
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		Composite left = new Composite(sash, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(left);
		proposals = Widgets.table(left, SWT.MULTI, Messages.PROPOSALS_COLUMN_DECISION, 80, Messages.PROPOSALS_COLUMN_ACTION, 65, Messages.PROPOSALS_COLUMN_TRACEPOINT, 230, Messages.PROPOSALS_COLUMN_REQUEST_TYPE, 110,
				Messages.PROPOSALS_COLUMN_STRATEGY, 95, Messages.PROPOSALS_COLUMN_SHARE, -60, Messages.PROPOSALS_COLUMN_REASON, 420);
		proposalRows = new Rows<>(proposals, ProposalRow::cells);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(proposals);
		Composite buttons = new Composite(left, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(7).applyTo(buttons);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
		// the keys are bound in the application model (Help > Keys lists them); the tooltips say which
		decisionButtons.add(Widgets.button(buttons, Messages.PROPOSALS_APPROVE, Messages.PROPOSALS_APPROVE_TIP, this::approveSelected));
		decisionButtons.add(Widgets.button(buttons, Messages.PROPOSALS_REJECT, Messages.PROPOSALS_REJECT_TIP, this::rejectSelected));
		decisionButtons.add(Widgets.button(buttons, Messages.PROPOSALS_APPROVE_ALL, Messages.PROPOSALS_APPROVE_ALL_TIP, this::approveAll));
		decisionButtons.add(button(buttons, Messages.PROPOSALS_REJECT_ALL,
				() -> session().ifPresent(s -> LiveJobs.decideAll(s, CycleEngine.Decision.REJECTED, investigation))));
		push = Widgets.button(buttons, Messages.PROPOSALS_PUSH, Messages.PROPOSALS_PUSH_TIP, this::pushApproved);
		resume = button(buttons, Messages.PROPOSALS_CONTINUE, () -> session().ifPresent(s -> LiveJobs.advance(s, investigation)));
		resume.setToolTipText(Messages.PROPOSALS_CONTINUE_TIP);
		cancel = button(buttons, Messages.PROPOSALS_CANCEL, LiveJobs::cancel);
		cancel.setToolTipText(Messages.PROPOSALS_CANCEL_TIP);
		budget = new Label(left, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(budget);
		Composite right = new Composite(sash, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(right);
		agentSummary = new Label(right, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(agentSummary);
		agents = Widgets.table(right, SWT.SINGLE, Messages.AGENTS_COLUMN_AGENT, 90, Messages.AGENTS_COLUMN_PUSH, 90, Messages.AGENTS_COLUMN_VERSION, -60, Messages.AGENTS_COLUMN_DETAIL, 200);
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
			return new String[] { decision == null ? Messages.PROPOSAL_PENDING : decision == CycleEngine.Decision.APPROVED ? Messages.PROPOSAL_APPROVED : Messages.PROPOSAL_REJECTED,
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

	/** Approves the proposals selected in the table (the Approve button, Ctrl+Shift+Y). */
	public void approveSelected() {
		decideSelected(CycleEngine.Decision.APPROVED);
	}

	/** Rejects the proposals selected in the table (the Reject button, Ctrl+Shift+N). */
	public void rejectSelected() {
		decideSelected(CycleEngine.Decision.REJECTED);
	}

	/** Approves every proposal of the cycle (Approve all, Ctrl+Shift+A). */
	public void approveAll() {
		if (decisionButtons.get(2).isEnabled()) {
			session().ifPresent(s -> LiveJobs.decideAll(s, CycleEngine.Decision.APPROVED, investigation));
		}
	}

	/** Pushes the approved toggles to the agents (Push approved, Ctrl+Shift+P); only while waiting for approval. */
	public void pushApproved() {
		if (push.isEnabled()) {
			session().ifPresent(s -> LiveJobs.push(s, investigation));
		}
	}

	private void decideSelected(CycleEngine.Decision decision) {
		if (!decisionButtons.get(0).isEnabled()) {
			return; // nothing waits for a decision: a key does no more than the button would
		}
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
					? Messages.PROPOSALS_NOT_CONNECTED
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
		status.setText(liveStatus.isEmpty() ? String.format(Locale.ROOT, Messages.PROPOSALS_CYCLE_PHASE, s.cycle(), s.phase().name().toLowerCase(Locale.ROOT)) : liveStatus);
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
		budget.setText(String.format(Locale.ROOT, Messages.PROPOSALS_BUDGET,
				session.settings().perCycle(), s.state().count(), session.space().size(), s.budgetLeft()));
		ControlClient.PushReport report = s.lastPush();
		agentRows.show(report == null ? List.of() : report.results());
		var reported = s.reportedAfterPush();
		agentSummary.setText(reported == null ? String.format(Locale.ROOT, Messages.AGENTS_NO_PUSH_YET, session.agents().size())
				: String.format(Locale.ROOT, Messages.AGENTS_LAST_PUSH,
						report != null && report.complete() ? Messages.AGENTS_ALL_APPLIED : Messages.AGENTS_NOT_ALL_APPLIED,
						reported.count(), s.unreachableAfterPush().isEmpty() ? ""
								: String.format(Locale.ROOT, Messages.AGENTS_NOT_ANSWERING, String.join(", ", s.unreachableAfterPush()))));
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
