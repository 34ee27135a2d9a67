// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.jfree.chart.JFreeChart;

import io.pythia.core.analysis.AttributeEffect;
import io.pythia.core.trace.Trace;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.search.CycleEngine;
import io.pythia.search.Finding;
import io.pythia.services.Investigation;
import io.pythia.services.LiveJobs;
import io.pythia.ui.internal.Messages;
import io.pythia.ui.internal.charts.ChartCanvas;
import io.pythia.ui.internal.charts.Charts;
import io.pythia.ui.internal.handlers.ExportHandler;

/**
 * What an investigation found: each localized tracepoint with its group, its share of the variance (or of the
 * time, for a slow group), the group's response-time histogram and the attributes that go with slower requests, as
 * the journal keeps them, so a reopened session shows the same. From here the engineer exports a finding's lean
 * traces and, once done, restores the instrumentation: proposals that turn back to the skeleton what the
 * investigation enabled, approved and pushed in the Proposals view like any cycle's. {@code FindingsAddon} brings
 * the view forward when a session stops with findings.
 */
public class FindingsPart {

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	@Inject
	private EPartService parts;
	private Label summary;
	private Table table;
	private Rows<Finding> rows;
	private List<Finding> shown = List.of();
	private ChartCanvas chartCanvas;
	private Rows<AttributeEffect> attributeRows;
	private List<AttributeEffect> shownAttributes = List.of();
	private Button exportLean;
	private Button restore;

	@Inject
	public FindingsPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		Composite top = Widgets.bar(parent, 3);
		summary = new Label(top, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(summary);
		exportLean = Widgets.button(top, Messages.FINDINGS_EXPORT, Messages.FINDINGS_EXPORT_TIP, this::exportLeanTraces);
		restore = Widgets.button(top, Messages.FINDINGS_RESTORE, Messages.FINDINGS_RESTORE_TIP, this::restore);
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		table = Widgets.table(sash, SWT.SINGLE, Messages.FINDINGS_COLUMN_TRACEPOINT, 200,
				Messages.FINDINGS_COLUMN_TYPE, 90, Messages.FINDINGS_COLUMN_SHARE, -130, Messages.FINDINGS_COLUMN_GROUP, 105,
				Messages.FINDINGS_COLUMN_TRACES, -55, Messages.FINDINGS_COLUMN_P50, -80, Messages.FINDINGS_COLUMN_P99, -80,
				Messages.FINDINGS_COLUMN_EDGE, 330);
		rows = new Rows<>(table, FindingsPart::cells);
		table.addListener(SWT.Selection, e -> showSelected());
		SashForm right = new SashForm(sash, SWT.VERTICAL);
		chartCanvas = new ChartCanvas(right, this::renderChart);
		attributeRows = new Rows<>(Widgets.attributeTable(right), Widgets::attributeCells);
		right.setWeights(65, 35);
		sash.setWeights(58, 42);
		investigation.addListener(listener);
		refresh();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.LIVE || change == Investigation.Change.ANALYSIS) {
			sync.asyncExec(() -> {
				if (!table.isDisposed()) {
					refresh();
				}
			});
		}
	}

	private void refresh() {
		Optional<LiveInvestigation> live = investigation.live();
		Finding selected = selected();
		if (live.isEmpty()) {
			shown = List.of();
			summary.setText(Messages.FINDINGS_NONE);
		} else {
			LiveInvestigation session = live.get();
			LiveInvestigation.Snapshot s = session.snapshot();
			shown = s.findings();
			boolean stopped = s.phase() == CycleEngine.Phase.STOPPED;
			int beyond = beyondSkeleton(session);
			if (shown.isEmpty()) {
				summary.setText(stopped ? String.format(Locale.ROOT, Messages.FINDINGS_STOPPED_NONE, s.cycle(), s.stopReason())
						: Messages.FINDINGS_NOT_YET);
			} else if (s.restoring()) {
				summary.setText(String.format(Locale.ROOT, Messages.FINDINGS_RESTORING, shown.size(), s.proposals().size()));
			} else {
				summary.setText((stopped ? String.format(Locale.ROOT, Messages.FINDINGS_STOPPED, shown.size(), s.cycle(), s.stopReason())
						: String.format(Locale.ROOT, Messages.FINDINGS_SO_FAR, shown.size(), s.cycle())) + " "
						+ (beyond == 0 ? Messages.FINDINGS_ON_SKELETON
								: String.format(Locale.ROOT, Messages.FINDINGS_BEYOND_SKELETON, beyond)));
			}
		}
		rows.show(shown);
		int index = selected == null ? -1 : shown.indexOf(selected);
		table.setSelection(index >= 0 ? index : shown.isEmpty() ? -1 : 0);
		updateButtons();
		showSelected();
		summary.getParent().layout(true, true);
	}

	private void updateButtons() {
		Optional<LiveInvestigation> live = investigation.live();
		boolean restorable = live.filter(s -> s.snapshot().phase() == CycleEngine.Phase.STOPPED && beyondSkeleton(s) > 0)
				.isPresent() && !investigation.liveBusy();
		restore.setEnabled(restorable);
		Finding f = selected();
		List<Trace> traces = f == null ? List.of() : traces(f);
		exportLean.setEnabled(!traces.isEmpty());
		exportLean.setToolTipText(f == null || !traces.isEmpty() ? Messages.FINDINGS_EXPORT_TIP
				: String.format(Locale.ROOT, Messages.FINDINGS_EXPORT_NO_TRACES, f.groupId()));
	}

	/** Toggles enabled now beyond the skeleton: what a restore would turn off. */
	private static int beyondSkeleton(LiveInvestigation session) {
		var state = session.snapshot().state();
		var skeleton = session.space().skeleton();
		return (int) state.toggles().stream().filter(t -> !skeleton.enabled(t.tracepoint(), t.requestType())).count();
	}

	private Finding selected() {
		int i = table == null || table.isDisposed() ? -1 : table.getSelectionIndex();
		return i >= 0 && i < shown.size() ? shown.get(i) : null;
	}

	private void showSelected() {
		Finding f = selected();
		shownAttributes = f == null || f.evidence() == null ? List.of() : f.evidence().attributes();
		attributeRows.show(shownAttributes);
		updateButtons();
		renderChart();
	}

	private void renderChart() {
		if (chartCanvas.isDisposed()) {
			return;
		}
		Finding f = selected();
		Finding.Evidence e = f == null ? null : f.evidence();
		chartCanvas.show(e == null
				? Charts.binnedHistogram(f == null ? Messages.FINDINGS_HISTOGRAM_NONE : Messages.FINDINGS_HISTOGRAM_OLD, 0, 0, List.of())
				: Charts.binnedHistogram(String.format(Locale.ROOT, Messages.FINDINGS_HISTOGRAM, f.groupId(), f.requestType()),
						e.lowNanos(), e.highNanos(), e.bins()));
	}

	/** The kept traces of a finding's group in the current analysis (none when it is not in the last cycle). */
	private List<Trace> traces(Finding f) {
		return investigation.analysed().flatMap(a -> a.report().group(f.groupId()))
				.filter(g -> g.group().requestType().equals(f.requestType())).map(investigation::tracesOf).orElse(List.of());
	}

	/** Asks where, then writes the selected finding's group's lean traces (each cut to its critical path). */
	private void exportLeanTraces() {
		Finding f = selected();
		if (f == null) {
			return;
		}
		FileDialog dialog = new FileDialog(table.getShell(), SWT.SAVE);
		dialog.setText(Messages.FINDINGS_EXPORT);
		dialog.setOverwrite(true);
		dialog.setFilterNames(new String[] { Messages.EXPORT_LEAN_JAEGER, Messages.EXPORT_LEAN_OTLP });
		dialog.setFilterExtensions(new String[] { "*.json", "*.json" });
		dialog.setFileName("lean-" + f.groupId() + ".json");
		String file = dialog.open();
		if (file != null) {
			exportLeanTraces(Path.of(file), dialog.getFilterIndex() == 1);
		}
	}

	/**
	 * Writes the selected finding's lean traces to {@code file} (what the button does after its dialog).
	 *
	 * @return the job writing them, or null when no finding is selected
	 */
	public org.eclipse.core.runtime.jobs.Job exportLeanTraces(Path file, boolean otlp) {
		Finding f = selected();
		return f == null ? null : ExportHandler.writeLean(table.getShell(), traces(f), file, otlp);
	}

	/** Proposes turning back to the skeleton what the investigation enabled; the Proposals view shows them. */
	public void restore() {
		Optional<LiveInvestigation> live = investigation.live();
		if (live.isEmpty() || !restore.isEnabled()) {
			return;
		}
		LiveJobs.restore(live.get(), investigation);
		MPart proposals = parts.findPart("io.pythia.app.part.proposals");
		if (proposals != null) {
			parts.showPart(proposals, EPartService.PartState.ACTIVATE);
		}
	}

	/** The findings as shown, in order. */
	public List<Finding> findings() {
		return shown;
	}

	/** The line above the table. */
	public String summary() {
		return summary.getText();
	}

	/** The attributes shown for the selected finding. */
	public List<AttributeEffect> attributes() {
		return shownAttributes;
	}

	/** The histogram shown for the selected finding. */
	public JFreeChart chart() {
		return chartCanvas.chart();
	}

	/** Whether Restore instrumentation can be clicked now. */
	public boolean restoreEnabled() {
		return restore.isEnabled();
	}

	/** Whether Export lean traces can be clicked now. */
	public boolean exportEnabled() {
		return exportLean.isEnabled();
	}

	/** Selects a finding, as a click on its row does. */
	public void select(int index) {
		table.setSelection(index);
		showSelected();
	}

	private static String[] cells(Finding f) {
		Finding.Evidence e = f.evidence();
		String share = String.format(Locale.ROOT, e != null && e.ofTime() ? Messages.FINDINGS_SHARE_TIME
				: Messages.FINDINGS_SHARE_VARIANCE, f.share() * 100);
		return new String[] { f.tracepoint(), f.requestType(), share, f.groupId(),
				e == null ? "" : Integer.toString(e.latency().count()),
				e == null ? "" : String.format(Locale.ROOT, "%.2f ms", e.latency().p50() / 1e6),
				e == null ? "" : String.format(Locale.ROOT, "%.2f ms", e.latency().p99() / 1e6), f.edge() };
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}

}
