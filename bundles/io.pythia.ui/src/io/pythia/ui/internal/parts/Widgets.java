// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;

import io.pythia.core.analysis.AttributeEffect;
import io.pythia.ui.internal.Messages;

/**
 * The few widget patterns every view repeats: a toolbar row, a push button, a dialog's labelled field, a table
 * with titled columns, the attributes table.
 */
final class Widgets {

	private Widgets() {
	}

	/** A row across the top of a view holding {@code columns} controls. */
	static Composite bar(Composite parent, int columns) {
		Composite bar = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(columns).applyTo(bar);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
		return bar;
	}

	/**
	 * A labelled text field in a two-column grid (a dialog's form): {@code changed} runs as it is typed in, so the
	 * dialog can check the value at once.
	 */
	static Text field(Composite grid, String label, String tip, String value, int width, Runnable changed) {
		new Label(grid, SWT.NONE).setText(label);
		Text t = new Text(grid, SWT.BORDER);
		if (tip != null) {
			t.setToolTipText(tip);
		}
		t.setText(value);
		GridDataFactory.fillDefaults().grab(true, false).hint(width, SWT.DEFAULT).applyTo(t);
		t.addModifyListener(e -> changed.run());
		return t;
	}

	static Button button(Composite parent, String text, String tip, Runnable action) {
		Button b = new Button(parent, SWT.PUSH);
		b.setText(text);
		if (tip != null) {
			b.setToolTipText(tip);
		}
		b.addListener(SWT.Selection, e -> action.run());
		return b;
	}

	/** Says that an export could not be written, and why. */
	static void exportFailed(org.eclipse.swt.widgets.Shell shell, String file, Exception e) {
		org.eclipse.jface.dialogs.MessageDialog.openError(shell, Messages.EXPORT_FAILED,
				String.format(java.util.Locale.ROOT, Messages.CANNOT_WRITE, file, e.getMessage()));
	}

	/** Asks where to save a chart (PNG or SVG by the chosen ending) and saves it; says so when it cannot. */
	static void exportChart(org.eclipse.swt.widgets.Shell shell, org.jfree.chart.JFreeChart chart, String name) {
		if (chart == null) {
			return;
		}
		org.eclipse.swt.widgets.FileDialog d = new org.eclipse.swt.widgets.FileDialog(shell, SWT.SAVE);
		d.setFilterNames(new String[] { Messages.CHART_PNG, Messages.CHART_SVG });
		d.setFilterExtensions(new String[] { "*.png", "*.svg" });
		d.setFileName(name + ".png");
		d.setOverwrite(true);
		String file = d.open();
		if (file == null) {
			return;
		}
		java.nio.file.Path path = java.nio.file.Path.of(file);
		if (d.getFilterIndex() == 1 && !file.toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
			path = java.nio.file.Path.of(file.replaceAll("\\.png$", "") + ".svg");
		}
		try {
			io.pythia.ui.internal.charts.Charts.save(chart, path);
		} catch (java.io.IOException | RuntimeException e) {
			org.eclipse.jface.dialogs.MessageDialog.openError(shell, Messages.EXPORT_FAILED, String.format(java.util.Locale.ROOT, Messages.CANNOT_WRITE, path, e.getMessage()));
		}
	}

	/**
	 * A bordered, full-row-selection table with a header and lines.
	 *
	 * @param columns title and width of each column; a width below 0 right-aligns the column
	 */
	static Table table(Composite parent, int style, Object... columns) {
		Table table = new Table(parent, style | SWT.FULL_SELECTION | SWT.BORDER);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		for (int i = 0; i + 1 < columns.length; i += 2) {
			int width = (Integer) columns[i + 1];
			TableColumn c = new TableColumn(table, width < 0 ? SWT.RIGHT : SWT.LEFT);
			c.setText((String) columns[i]);
			c.setWidth(Math.abs(width));
		}
		return table;
	}

	/** The table of span attributes that go with slower requests (beside the heatmap, in the findings view). */
	static Table attributeTable(Composite parent) {
		Table t = table(parent, SWT.SINGLE, Messages.ATTRIBUTES_COLUMN_ATTRIBUTE, 160, Messages.ATTRIBUTES_COLUMN_TRACES, -55,
				Messages.ATTRIBUTES_COLUMN_MEAN, -75, Messages.ATTRIBUTES_COLUMN_OTHERS, -75, Messages.ATTRIBUTES_COLUMN_EXPLAINED, -70);
		t.setToolTipText(Messages.ATTRIBUTES_TIP);
		return t;
	}

	/** A row of the attributes table. */
	static String[] attributeCells(AttributeEffect a) {
		return new String[] { a.describe(), Integer.toString(a.traces()),
				String.format(Locale.ROOT, "%.2f ms", a.meanNanos() / 1e6),
				Double.isNaN(a.othersMeanNanos()) ? "" : String.format(Locale.ROOT, "%.2f ms", a.othersMeanNanos() / 1e6),
				String.format(Locale.ROOT, "%.0f%%", a.varianceExplained() * 100) };
	}
}
