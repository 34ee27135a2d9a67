// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.charts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.VarianceHeatmap;
import io.pythia.ui.internal.Messages;

/**
 * Draws a variance heatmap. The cells are one image with a pixel per cell, made once per heatmap and scaled when
 * painted, so a repaint is a single blit whatever the number of groups and edges; row labels are drawn only when
 * rows are tall enough to read.
 */
public final class HeatmapPainter {

	public static final int LABELS = 230;
	/** The caption's row, with the colour legend. */
	public static final int HEADER = 18;
	/** Height of the column labels, written upwards above their columns when columns are wide enough to read. */
	public static final int COLUMN_LABELS = 140;
	/** Characters of a column label (the full edge shows on hover). */
	static final int COLUMN_LABEL_CHARS = 24;
	/** Narrower columns than this get no label: the text would overlap. */
	static final int LABELLED_COLUMN = 12;

	private final VarianceHeatmap heatmap;
	private final Image cells;

	public HeatmapPainter(Device device, VarianceHeatmap heatmap) {
		this.heatmap = heatmap;
		int rows = heatmap.rowCount();
		int cols = heatmap.columns().size();
		if (rows == 0 || cols == 0) {
			cells = null;
			return;
		}
		ImageData data = new ImageData(cols, rows, 24, new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
		int[] line = new int[cols];
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < cols; c++) {
				line[c] = VarianceHeatmap.color(heatmap.share(r, c));
			}
			data.setPixels(0, r, cols, line, 0);
		}
		cells = new Image(device, data);
	}

	public VarianceHeatmap heatmap() {
		return heatmap;
	}

	public boolean isEmpty() {
		return cells == null;
	}

	/** {x0, y0, cellWidth, cellHeight} for an area. */
	public double[] geometry(Rectangle area) {
		int rows = heatmap.rowCount();
		int cols = heatmap.columns().size();
		double cw = Math.min(40, Math.max(1, (area.width - LABELS - 4) / (double) Math.max(1, cols)));
		int top = HEADER + (labelled(cw, area) ? COLUMN_LABELS : LEGEND_HEIGHT);
		double ch = Math.min(22, Math.max(1, (area.height - top - 4) / (double) Math.max(1, rows)));
		return new double[] { LABELS, top, cw, ch };
	}

	/** Whether column labels fit: columns wide enough, and room left under them for rows. */
	private static boolean labelled(double cellWidth, Rectangle area) {
		return cellWidth >= LABELLED_COLUMN && area.height >= HEADER + COLUMN_LABELS + 60;
	}

	/** Where the middle of a cell is painted in an area, {x, y}. */
	public int[] cellCenter(Rectangle area, int row, int column) {
		double[] g = geometry(area);
		return new int[] { (int) (g[0] + (column + 0.5) * g[2]), (int) (g[1] + (row + 0.5) * g[3]) };
	}

	/** Row and column under a point, or null. */
	public int[] cellAt(Rectangle area, int x, int y) {
		if (cells == null) {
			return null;
		}
		double[] g = geometry(area);
		int c = (int) Math.floor((x - g[0]) / g[2]);
		int r = (int) Math.floor((y - g[1]) / g[3]);
		if (x < g[0] || y < g[1] || r >= heatmap.rowCount() || c >= heatmap.columns().size()) {
			return null;
		}
		return new int[] { r, c };
	}

	/** The column whose label is under a point (in the band above the cells), or -1. */
	public int columnLabelAt(Rectangle area, int x, int y) {
		if (cells == null) {
			return -1;
		}
		double[] g = geometry(area);
		if (g[1] <= HEADER + LEGEND_HEIGHT || y < HEADER || y >= g[1] || x < g[0]) {
			return -1; // no labels shown, or not in their band
		}
		int c = (int) Math.floor((x - g[0]) / g[2]);
		return c < heatmap.columns().size() ? c : -1;
	}

	/** Where the middle of a column's label is, {x, y}, or null when labels are not shown. */
	public int[] columnLabelCenter(Rectangle area, int column) {
		double[] g = geometry(area);
		if (g[1] <= HEADER + LEGEND_HEIGHT) {
			return null;
		}
		return new int[] { (int) (g[0] + (column + 0.5) * g[2]), (int) (g[1] - 20) };
	}

	/** @param selectedGroup id of the group to highlight among the row labels, or "" */
	public void paint(GC gc, Rectangle area, String selectedGroup) {
		Device device = gc.getDevice();
		gc.setBackground(device.getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(area);
		gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
		if (cells == null) {
			gc.drawText(Messages.HEATMAP_NO_GROUPS, 10, 10);
			return;
		}
		int rows = heatmap.rowCount();
		int cols = heatmap.columns().size();
		double[] g = geometry(area);
		gc.setInterpolation(SWT.NONE);
		gc.drawImage(cells, 0, 0, cols, rows, (int) g[0], (int) g[1], (int) Math.round(cols * g[2]),
				(int) Math.round(rows * g[3]));
		gc.drawText(heatmap.rows().size() > 1 || rows == 1
				? String.format(java.util.Locale.ROOT, Messages.HEATMAP_CAPTION_GROUPS, rows, cols)
				: String.format(java.util.Locale.ROOT, Messages.HEATMAP_CAPTION_WINDOWS, heatmap.rowGroup(0).group().id(), rows, cols), 4, 1, true);
		if (g[1] > HEADER + LEGEND_HEIGHT) {
			columnLabels(gc, g, area);
		}
		legend(gc, 4, HEADER + 4); // above the row labels, beside the column labels

		if (g[3] >= 12) {
			for (int r = 0; r < rows; r++) {
				AnalysisReport.Group row = heatmap.rowGroup(r);
				String label = heatmap.rowLabel(r);
				int y = (int) (g[1] + r * g[3]);
				if (heatmap.rows().size() > 1 && row.group().id().equals(selectedGroup)) {
					gc.setBackground(device.getSystemColor(SWT.COLOR_LIST_SELECTION));
					gc.fillRectangle(0, y, LABELS - 2, (int) g[3]);
				}
				gc.drawText(label, 4, y + (int) (g[3] - 15) / 2, true);
			}
		}
	}

	/** Room the legend takes: a title, then "-100%", the scale and "100%", then the off-path swatch. */
	static final int LEGEND_WIDTH = 220;
	/** Its three lines, when no column labels make room for it. */
	static final int LEGEND_HEIGHT = 56;

	/**
	 * The colour scale, {@link #LEGEND_WIDTH} wide: -100% (blue) through 0 (white, marked) to 100% (dark red) of the
	 * variance, and the grey of an edge off the group's path.
	 */
	private static void legend(GC gc, int x, int y) {
		Device device = gc.getDevice();
		int swatch = 5;
		int steps = 21;
		gc.drawText(Messages.HEATMAP_LEGEND_TITLE, x, y, true);
		int line = y + gc.getFontMetrics().getHeight() + 2;
		gc.drawText(Messages.HEATMAP_LEGEND_LOW, x, line, true);
		int bar = x + gc.textExtent(Messages.HEATMAP_LEGEND_LOW).x + 4;
		for (int i = 0; i < steps; i++) {
			org.eclipse.swt.graphics.Color c = rgb(device, VarianceHeatmap.color(-1 + i * 0.1));
			gc.setBackground(c);
			gc.fillRectangle(bar + i * swatch, line + 3, swatch, 10);
			c.dispose();
		}
		gc.setForeground(device.getSystemColor(SWT.COLOR_DARK_GRAY));
		gc.drawRectangle(bar, line + 3, steps * swatch - 1, 9);
		gc.drawLine(bar + 10 * swatch + swatch / 2, line + 1, bar + 10 * swatch + swatch / 2, line + 14); // 0
		gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
		int after = bar + steps * swatch + 4;
		gc.drawText(Messages.HEATMAP_LEGEND_HIGH, after, line, true);
		int below = line + gc.getFontMetrics().getHeight() + 2;
		org.eclipse.swt.graphics.Color grey = rgb(device, VarianceHeatmap.color(Double.NaN));
		gc.setBackground(grey);
		gc.fillRectangle(bar, below + 3, 10, 10);
		grey.dispose();
		gc.drawText(Messages.HEATMAP_LEGEND_OFF_PATH, bar + 13, below, true);
		gc.setBackground(device.getSystemColor(SWT.COLOR_WHITE));
	}

	private static org.eclipse.swt.graphics.Color rgb(Device device, int rgb) {
		return new org.eclipse.swt.graphics.Color(device, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
	}

	/** Each column's short label, written upwards, its foot just above the column's first cell. */
	private void columnLabels(GC gc, double[] g, Rectangle area) {
		int cols = heatmap.columns().size();
		int lineHeight = gc.getFontMetrics().getHeight();
		org.eclipse.swt.graphics.Transform t = new org.eclipse.swt.graphics.Transform(gc.getDevice());
		// a label longer than the band is cut at its top rather than written over the caption
		gc.setClipping((int) g[0], HEADER, area.width - (int) g[0], (int) g[1] - HEADER);
		try {
			for (int c = 0; c < cols; c++) {
				String label = heatmap.columnLabel(c, COLUMN_LABEL_CHARS);
				int x = (int) (g[0] + c * g[2] + (g[2] - lineHeight) / 2);
				int y = (int) g[1] - 4;
				t.identity();
				t.translate(x, y);
				t.rotate(-90);
				gc.setTransform(t);
				gc.drawText(label, 0, 0, true);
			}
		} finally {
			gc.setTransform(null);
			gc.setClipping((Rectangle) null);
			t.dispose();
		}
	}

	public void dispose() {
		if (cells != null) {
			cells.dispose();
		}
	}
}
