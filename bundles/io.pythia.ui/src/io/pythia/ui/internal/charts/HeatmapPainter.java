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
	public static final int HEADER = 18;

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
		double ch = Math.min(22, Math.max(1, (area.height - HEADER - 4) / (double) Math.max(1, rows)));
		return new double[] { LABELS, HEADER, cw, ch };
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

	public void dispose() {
		if (cells != null) {
			cells.dispose();
		}
	}
}
