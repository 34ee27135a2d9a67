// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ITableColorProvider;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Table;

/**
 * A table that shows a list of model rows through a JFace viewer: each row's cells come from one function, its
 * colour (or none) from another. The parts hand it their view model's rows and never build table items by hand.
 */
final class Rows<T> {

	private final TableViewer viewer;

	/**
	 * @param cells      the texts of a row's cells, one per column
	 * @param foreground a row's text colour, or null for the default
	 */
	Rows(Table table, Function<T, String[]> cells, Function<T, Color> foreground) {
		viewer = new TableViewer(table);
		viewer.setContentProvider(ArrayContentProvider.getInstance());
		viewer.setLabelProvider(new Labels<>(cells, foreground));
	}

	Rows(Table table, Function<T, String[]> cells) {
		this(table, cells, row -> null);
	}

	/** Shows these rows, in this order. */
	void show(List<T> rows) {
		viewer.setInput(rows);
	}

	TableViewer viewer() {
		return viewer;
	}

	private static final class Labels<T> extends LabelProvider implements ITableLabelProvider, ITableColorProvider {
		private final Function<T, String[]> cells;
		private final Function<T, Color> foreground;

		Labels(Function<T, String[]> cells, Function<T, Color> foreground) {
			this.cells = cells;
			this.foreground = foreground;
		}

		@Override
		public Image getColumnImage(Object element, int columnIndex) {
			return null;
		}

		@SuppressWarnings("unchecked")
		@Override
		public String getColumnText(Object element, int columnIndex) {
			String[] c = cells.apply((T) element);
			return columnIndex < c.length ? c[columnIndex] : "";
		}

		@SuppressWarnings("unchecked")
		@Override
		public Color getForeground(Object element, int columnIndex) {
			return foreground.apply((T) element);
		}

		@Override
		public Color getBackground(Object element, int columnIndex) {
			return null;
		}
	}
}
