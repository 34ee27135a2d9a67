// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.ITableColorProvider;
import org.eclipse.jface.viewers.ITableFontProvider;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Table;

/**
 * A table that shows a list of model rows through a JFace viewer: each row's cells come from one function, its
 * colour and font (or none) from others. The parts hand it their view model's rows and never build table items by
 * hand. A virtual table ({@link SWT#VIRTUAL}) gets a lazy content provider: only the rows on screen are made, so a
 * table of thousands of request groups stays quick.
 */
final class Rows<T> {

	private final TableViewer viewer;
	private final boolean lazy;
	private List<T> rows = List.of();

	/**
	 * @param cells      the texts of a row's cells, one per column
	 * @param foreground a cell's text colour (row, column), or null for the default
	 * @param font       a row's font, or null for the default
	 */
	Rows(Table table, Function<T, String[]> cells, BiFunction<T, Integer, Color> foreground, Function<T, Font> font) {
		viewer = new TableViewer(table);
		lazy = (table.getStyle() & SWT.VIRTUAL) != 0;
		if (lazy) {
			viewer.setUseHashlookup(true);
			viewer.setContentProvider(new ILazyContentProvider() {
				@Override
				public void updateElement(int index) {
					if (index < rows.size()) {
						viewer.replace(rows.get(index), index);
					}
				}

				@Override
				public void inputChanged(Viewer v, Object oldInput, Object newInput) {
				}

				@Override
				public void dispose() {
				}
			});
		} else {
			viewer.setContentProvider(ArrayContentProvider.getInstance());
		}
		viewer.setLabelProvider(new Labels<>(cells, foreground, font));
	}

	Rows(Table table, Function<T, String[]> cells, Function<T, Color> foreground) {
		this(table, cells, (row, column) -> foreground.apply(row), row -> null);
	}

	Rows(Table table, Function<T, String[]> cells) {
		this(table, cells, row -> null);
	}

	/** Shows these rows, in this order. */
	void show(List<T> shown) {
		rows = List.copyOf(shown);
		viewer.setInput(rows);
		if (lazy) {
			viewer.getTable().clearAll();
			viewer.setItemCount(rows.size());
		}
	}

	private static final class Labels<T> extends LabelProvider
			implements ITableLabelProvider, ITableColorProvider, ITableFontProvider {
		private final Function<T, String[]> cells;
		private final BiFunction<T, Integer, Color> foreground;
		private final Function<T, Font> font;

		Labels(Function<T, String[]> cells, BiFunction<T, Integer, Color> foreground, Function<T, Font> font) {
			this.cells = cells;
			this.foreground = foreground;
			this.font = font;
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
			return foreground.apply((T) element, columnIndex);
		}

		@Override
		public Color getBackground(Object element, int columnIndex) {
			return null;
		}

		@SuppressWarnings("unchecked")
		@Override
		public Font getFont(Object element, int columnIndex) {
			return font.apply((T) element);
		}
	}
}
