// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.pythia.core.analysis.FlameGraph;
import io.pythia.core.analysis.VarianceHeatmap;

/**
 * Lays out and paints a group flame graph from a frame down (an icicle: callers above callees): each frame as wide
 * as its mean critical-path time, coloured by its share of the variance with the heatmap's colours (or, against a
 * baseline, by its change in mean time). Frames under
 * half a pixel are left out, so the cost follows what can be seen.
 */
public final class FlamePainter {

	public static final int ROW = 20;
	public static final int TOP = 4;

	private FlamePainter() {
	}

	/** A frame's place on the canvas. */
	public record Box(FlameGraph.Frame frame, int x, int y, int width) {
	}

	/** The boxes of {@code top} and the frames under it in an area, {@code top} spanning the whole width. */
	public static List<Box> layout(FlameGraph.Frame top, Rectangle area) {
		List<Box> out = new ArrayList<>();
		if (top != null) {
			add(out, top, area.x + 2, area.width - 4, top.depth());
		}
		return out;
	}

	private static void add(List<Box> out, FlameGraph.Frame f, double x, double w, int topDepth) {
		if (w < 0.5) {
			return;
		}
		out.add(new Box(f, (int) Math.round(x), TOP + (f.depth() - topDepth) * ROW, Math.max(1, (int) Math.round(w))));
		double cx = x;
		for (FlameGraph.Frame c : f.children()) {
			double cw = f.meanNanos() > 0 ? w * c.meanNanos() / f.meanNanos() : 0;
			add(out, c, cx, cw, topDepth);
			cx += cw;
		}
	}

	/** The box under a point, or null. */
	public static Box at(List<Box> boxes, int x, int y) {
		for (Box b : boxes) {
			if (x >= b.x() && x < b.x() + b.width() && y >= b.y() && y < b.y() + ROW) {
				return b;
			}
		}
		return null;
	}

	public static void paint(GC gc, Rectangle area, List<Box> boxes, String empty) {
		paint(gc, area, boxes, empty, null);
	}

	/**
	 * Paints the boxes; with {@code changes} (a differential flame graph) each is coloured by its change against
	 * the baseline, red slower and blue faster, full at the largest change, with a legend in the corner.
	 */
	public static void paint(GC gc, Rectangle area, List<Box> boxes, String empty, Map<FlameGraph.Frame, Double> changes) {
		var device = gc.getDevice();
		gc.setBackground(device.getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(area);
		gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
		if (boxes.isEmpty()) {
			gc.drawText(empty, 10, 10, true);
			return;
		}
		int charWidth = Math.max(1, (int) gc.getFontMetrics().getAverageCharacterWidth());
		double scale = changes == null ? 0 : FlameGraph.largestChange(changes);
		for (Box b : boxes) {
			Double change = changes == null ? null : changes.get(b.frame());
			int rgb = change != null ? FlameGraph.changeColor(change, scale) : VarianceHeatmap.color(b.frame().varianceShare());
			Color c = new Color(device, rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
			gc.setBackground(c);
			gc.fillRectangle(b.x(), b.y(), b.width(), ROW - 1);
			c.dispose();
			if (b.width() > 3 * charWidth) {
				// dark frames get white text
				boolean dark = ((rgb >> 16) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000 < 110;
				gc.setForeground(device.getSystemColor(dark ? SWT.COLOR_WHITE : SWT.COLOR_BLACK));
				String name = b.frame().name().isEmpty() ? "all requests" : b.frame().name();
				gc.setClipping(b.x(), b.y(), b.width() - 2, ROW);
				gc.drawText(VarianceHeatmap.shortTracepoint(name, Math.max(4, b.width() / charWidth - 1)), b.x() + 3,
						b.y() + 2, true);
				gc.setClipping((Rectangle) null);
			}
		}
		gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
		if (changes != null) {
			legend(gc, area, scale);
		}
	}

	/** The differential colours' scale, bottom right: faster, unchanged, slower. */
	private static void legend(GC gc, Rectangle area, double scale) {
		var device = gc.getDevice();
		int w = 200;
		int h = 10;
		int x = area.x + area.width - w - 12;
		int lineHeight = gc.getFontMetrics().getHeight();
		int y = area.y + area.height - h - lineHeight - 8;
		for (int i = 0; i < w; i++) {
			int rgb = FlameGraph.changeColor((2.0 * i / (w - 1) - 1) * scale, scale);
			Color c = new Color(device, rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
			gc.setForeground(c);
			gc.drawLine(x + i, y, x + i, y + h);
			c.dispose();
		}
		gc.setForeground(device.getSystemColor(SWT.COLOR_DARK_GRAY));
		gc.drawRectangle(x, y, w, h);
		gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
		String left = String.format(Locale.ROOT, "−%.2f ms", scale / 1e6);
		String right = String.format(Locale.ROOT, "+%.2f ms", scale / 1e6);
		gc.drawText(left, x, y + h + 2, true);
		gc.drawText(right, x + w - gc.textExtent(right).x, y + h + 2, true);
		String middle = "0";
		gc.drawText(middle, x + (w - gc.textExtent(middle).x) / 2, y + h + 2, true);
	}

	/** A frame's numbers, for a tooltip. */
	public static String describe(FlameGraph.Frame f) {
		return describe(f, null);
	}

	/** A frame's numbers and, in a differential flame graph, its change against the baseline. */
	public static String describe(FlameGraph.Frame f, Double change) {
		return String.format(Locale.ROOT, "%s%n%.3f ms on the critical path on average (%.3f ms its own); %.1f%% of the group's variance",
				f.name().isEmpty() ? "all requests" : f.name(), f.meanNanos() / 1e6, f.selfNanos() / 1e6, f.varianceShare() * 100)
				+ (change == null ? "" : String.format(Locale.ROOT, "%n%+.3f ms against the baseline", change / 1e6));
	}
}
