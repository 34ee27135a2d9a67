// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.parts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.pythia.app.TraceSourceList;

/** Lists the trace files and folders opened with File &gt; Open Traces. */
public class TraceSourcesPart {

	private final TraceSourceList sources;
	private final UISynchronize sync;
	private Table table;
	private Label hint;
	private final Consumer<List<Path>> listener = paths -> asyncShow(paths);

	@Inject
	public TraceSourcesPart(TraceSourceList sources, UISynchronize sync) {
		this.sources = sources;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		hint = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(150, SWT.DEFAULT).applyTo(hint);
		table = new Table(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
		for (String[] column : new String[][] { { "Name", "180" }, { "Size", "80" }, { "Folder", "300" } }) {
			TableColumn c = new TableColumn(table, SWT.NONE);
			c.setText(column[0]);
			c.setWidth(Integer.parseInt(column[1]));
		}
		sources.addListener(listener);
		show(sources.paths());
	}

	private void asyncShow(List<Path> paths) {
		sync.asyncExec(() -> {
			if (table != null && !table.isDisposed()) {
				show(paths);
			}
		});
	}

	private void show(List<Path> paths) {
		hint.setText(paths.isEmpty() ? "No traces opened yet: use File > Open Traces... (Ctrl+O)."
				: paths.size() + (paths.size() == 1 ? " source" : " sources") + " opened.");
		hint.getParent().layout(true, true);
		table.removeAll();
		for (Path p : paths) {
			TableItem item = new TableItem(table, SWT.NONE);
			item.setText(new String[] { String.valueOf(p.getFileName()), describeSize(p), String.valueOf(p.getParent()) });
		}
	}

	// Sizes are read once per refresh of a short list; the UI shows what is on disk now.
	private static String describeSize(Path p) {
		try {
			if (Files.isDirectory(p)) {
				return "folder";
			}
			long bytes = Files.size(p);
			return bytes < 1024 ? bytes + " B"
					: bytes < 1024 * 1024 ? (bytes / 1024) + " KiB" : String.format("%.1f MiB", bytes / 1048576.0);
		} catch (IOException e) {
			return "unreadable";
		}
	}

	@Focus
	public void setFocus() {
		table.setFocus();
	}

	@PreDestroy
	public void dispose() {
		sources.removeListener(listener);
	}
}
