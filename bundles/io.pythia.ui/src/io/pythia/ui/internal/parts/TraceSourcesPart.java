// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;

import io.pythia.services.TraceSourceList;
import io.pythia.services.ImportJob;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;

/**
 * Lists the trace files and folders opened with File &gt; Open Traces (or dropped here), what the last import read,
 * and every warning and file error the importers raised: repairs are shown, not hidden.
 */
public class TraceSourcesPart {

	private final TraceSourceList sources;
	private final UISynchronize sync;
	private Table table;
	private Rows<Path> sourceRows;
	private Label hint;
	private final Consumer<List<Path>> listener = paths -> asyncShow(paths);

	private final Investigation investigation;
	private Label analysisSummary;
	private Table warnings;
	private Rows<WarningRow> warningRows;

	/** A row of the warnings table: a file that could not be read (in red), or a repair made in a trace. */
	private record WarningRow(String where, String message, boolean fileError) {
	}
	private final Consumer<Investigation.Change> analysisListener = this::analysisChanged;

	@Inject
	public TraceSourcesPart(TraceSourceList sources, Investigation investigation, UISynchronize sync) {
		this.sources = sources;
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		hint = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(150, SWT.DEFAULT).applyTo(hint);
		table = Widgets.table(parent, SWT.MULTI, Messages.SOURCES_COLUMN_NAME, 180, Messages.SOURCES_COLUMN_SIZE, 80, Messages.SOURCES_COLUMN_FOLDER, 300);
		sourceRows = new Rows<>(table, p -> new String[] { String.valueOf(p.getFileName()), describeSize(p), String.valueOf(p.getParent()) });
		GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
		analysisSummary = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(150, SWT.DEFAULT).applyTo(analysisSummary);
		warnings = Widgets.table(parent, SWT.SINGLE, Messages.WARNINGS_COLUMN_WHERE, 150, Messages.WARNINGS_COLUMN_WARNING, 420);
		warningRows = new Rows<>(warnings, w -> new String[] { w.where(), w.message() },
				w -> w.fileError() ? warnings.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(warnings);
		// dropping files or folders from a file manager opens them like File > Open Traces
		for (org.eclipse.swt.widgets.Control target : new org.eclipse.swt.widgets.Control[] { table, parent }) {
			DropTarget drop = new DropTarget(target, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_LINK);
			drop.setTransfer(FileTransfer.getInstance());
			drop.addDropListener(new DropTargetAdapter() {
				@Override
				public void dragEnter(DropTargetEvent event) {
					event.detail = DND.DROP_COPY;
				}

				@Override
				public void drop(DropTargetEvent event) {
					if (event.data instanceof String[] names) {
						ImportJob.open(sources, investigation, Arrays.stream(names).map(Path::of).toList());
					}
				}
			});
		}
		sources.addListener(listener);
		investigation.addListener(analysisListener);
		show(sources.paths());
		showAnalysis();
	}

	private void analysisChanged(Investigation.Change change) {
		if (change == Investigation.Change.ANALYSIS) {
			sync.asyncExec(() -> {
				if (warnings != null && !warnings.isDisposed()) {
					showAnalysis();
				}
			});
		}
	}

	/** Counts of the last import, then file errors and trace warnings, listed one per row. */
	private void showAnalysis() {
		warningRows.show(List.of());
		var analysed = investigation.analysed();
		if (analysed.isEmpty()) {
			analysisSummary.setText(Messages.SOURCES_NO_ANALYSIS);
			return;
		}
		Investigation.Analysed a = analysed.get();
		var r = a.report();
		String origin = a.cycle() > 0
				? String.format(java.util.Locale.ROOT, Messages.SOURCES_COLLECTED, a.cycle(),
						a.earlier() == 0 ? "" : String.format(java.util.Locale.ROOT, Messages.SOURCES_POOLED, a.earlier()))
				: String.format(java.util.Locale.ROOT, Messages.SOURCES_READ, a.files(), a.millis() / 1000.0);
		analysisSummary.setText(String.format(java.util.Locale.ROOT,
				Messages.SOURCES_SUMMARY, origin, r.traces(), r.events(),
				r.groups().size(), r.warningCount(), a.fileErrors().size(),
				a.dropped() > 0 ? String.format(java.util.Locale.ROOT, Messages.SOURCES_DROPPED, a.dropped()) : ""));
		List<WarningRow> rows = new java.util.ArrayList<>();
		for (String error : a.fileErrors()) {
			int colon = error.indexOf(": ");
			rows.add(new WarningRow(colon > 0 ? error.substring(0, colon) : "file", colon > 0 ? error.substring(colon + 2) : error, true));
		}
		for (var w : r.warnings()) {
			rows.add(new WarningRow(w.trace(), w.message(), false));
		}
		if (r.warningCount() > r.warnings().size()) {
			rows.add(new WarningRow("\u2026", String.format(java.util.Locale.ROOT, Messages.WARNINGS_MORE,
					r.warningCount() - r.warnings().size(), String.join(", ", r.warningKinds().keySet())), false));
		}
		warningRows.show(rows);
		analysisSummary.getParent().layout(true, true);
	}

	private void asyncShow(List<Path> paths) {
		sync.asyncExec(() -> {
			if (table != null && !table.isDisposed()) {
				show(paths);
			}
		});
	}

	private void show(List<Path> paths) {
		hint.setText(paths.isEmpty() ? Messages.SOURCES_NONE
				: String.format(java.util.Locale.ROOT, paths.size() == 1 ? Messages.SOURCES_ONE : Messages.SOURCES_MANY, paths.size()));
		hint.getParent().layout(true, true);
		sourceRows.show(paths);
	}

	// Sizes are read once per refresh of a short list; the UI shows what is on disk now.
	private static String describeSize(Path p) {
		try {
			if (Files.isDirectory(p)) {
				return Messages.SOURCES_SIZE_FOLDER;
			}
			long bytes = Files.size(p);
			return bytes < 1024 ? bytes + " B"
					: bytes < 1024 * 1024 ? (bytes / 1024) + " KiB" : String.format("%.1f MiB", bytes / 1048576.0);
		} catch (IOException e) {
			return Messages.SOURCES_SIZE_UNREADABLE;
		}
	}

	@Focus
	public void setFocus() {
		table.setFocus();
	}

	@PreDestroy
	public void dispose() {
		sources.removeListener(listener);
		investigation.removeListener(analysisListener);
	}
}
