// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.graph;

import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.pythia.core.analysis.VarianceHeatmap;
import io.pythia.core.analysis.WorkflowGraph;

/** Draws a laid-out workflow graph on a GC: the view's canvas, an export image, the benchmark's image. */
public final class GraphPainter {

	private GraphPainter() {
	}

	/** Scale and offset {scale, ox, oy} that show the whole graph in an area. */
	public static double[] fit(GraphLayout.Laid l, Rectangle area) {
		double s = Math.min((area.width - 20) / Math.max(1, l.width()), (area.height - 20) / Math.max(1, l.height()));
		double scale = Math.max(0.02, Math.min(1.5, s));
		return new double[] { scale, (area.width - l.width() * scale) / 2, (area.height - l.height() * scale) / 2 };
	}

	/**
	 * Paints a laid-out graph: screen = layout * scale + offset. Edges and nodes outside the area are skipped, and
	 * labels are left out when zoomed far out, so a 10,000-event graph paints in milliseconds.
	 */
	public static void paint(GC gc, Rectangle area, GraphLayout.Laid l, double scale, double ox, double oy,
			int selectedEdge) {
		Device device = gc.getDevice();
		gc.setBackground(device.getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(area);
		// the visible window in layout coordinates
		double vx0 = -ox / scale;
		double vy0 = -oy / scale;
		double vx1 = vx0 + area.width / scale;
		double vy1 = vy0 + area.height / scale;
		Color grey = new Color(150, 150, 150);
		Color pathRed = new Color(200, 30, 30);
		Color selected = new Color(30, 90, 220);
		List<WorkflowGraph.Edge> edges = l.graph().edges();
		for (int i = 0; i < edges.size(); i++) {
			double[] p = l.edgePoints().get(i);
			if (p.length < 4 || !intersects(p, vx0, vy0, vx1, vy1)) {
				continue;
			}
			WorkflowGraph.Edge e = edges.get(i);
			if (i == selectedEdge) {
				gc.setForeground(selected);
				gc.setLineWidth(4);
			} else if (e.onCriticalPath()) {
				gc.setForeground(Double.isNaN(e.share()) ? pathRed : shareColor(e.share()));
				gc.setLineWidth(Double.isNaN(e.share()) ? 2 : 3);
			} else {
				gc.setForeground(grey);
				gc.setLineWidth(1);
			}
			// an implied edge (a span's own entry to exit, arced over its children) is dashed: it adds no order
			gc.setLineStyle(l.implied().get(i) && i != selectedEdge ? SWT.LINE_DASH : SWT.LINE_SOLID);
			int[] screen = new int[p.length];
			for (int k = 0; k < p.length; k += 2) {
				screen[k] = (int) Math.round(p[k] * scale + ox);
				screen[k + 1] = (int) Math.round(p[k + 1] * scale + oy);
			}
			gc.drawPolyline(screen);
			arrowHead(gc, screen);
			if (e.onCriticalPath() && !Double.isNaN(e.share()) && scale > 0.5 && Math.abs(e.share()) >= 0.01) {
				gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
				int mid = (screen.length / 4) * 2;
				gc.drawText(String.format(Locale.ROOT, "%.0f%%", e.share() * 100), screen[mid] + 2, screen[mid + 1] - 14, true);
			}
		}
		gc.setLineWidth(1);
		gc.setLineStyle(SWT.LINE_SOLID);
		Detail detail = detail(scale);
		boolean text = detail != Detail.BOXES;
		// labels shrink with the boxes, never below a legible size: where two lines no longer fit, the name alone
		Font original = gc.getFont();
		Font small = null;
		FontData fd = original.getFontData()[0];
		int points = Math.max(MIN_POINTS, (int) Math.floor(fd.getHeight() * scale * 1.05));
		if (text && points < fd.getHeight()) {
			small = new Font(device, fd.getName(), points, fd.getStyle());
			gc.setFont(small);
		}
		int lineHeight = text ? gc.getFontMetrics().getHeight() : 0;
		double charWidth = text ? gc.getFontMetrics().getAverageCharacterWidth() : 1;
		Color box = new Color(245, 247, 250);
		Color collapsedBox = new Color(255, 240, 210);
		List<WorkflowGraph.Node> nodes = l.graph().nodes();
		for (int i = 0; i < nodes.size(); i++) {
			if (l.x()[i] > vx1 || l.x()[i] + l.w()[i] < vx0 || l.y()[i] > vy1 || l.y()[i] + l.h()[i] < vy0) {
				continue;
			}
			WorkflowGraph.Node n = nodes.get(i);
			int x = (int) Math.round(l.x()[i] * scale + ox);
			int y = (int) Math.round(l.y()[i] * scale + oy);
			int w = Math.max(2, (int) Math.round(l.w()[i] * scale));
			int h = Math.max(2, (int) Math.round(l.h()[i] * scale));
			gc.setBackground(n.collapsed() ? collapsedBox : box);
			gc.fillRoundRectangle(x, y, w, h, 6, 6);
			gc.setForeground(n.onCriticalPath() ? pathRed : grey);
			gc.setLineWidth(n.onCriticalPath() ? 2 : 1);
			gc.drawRoundRectangle(x, y, w, h, 6, 6);
			if (text) {
				gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
				gc.setClipping(x + 2, y, w - 4, h);
				int pad = Math.max(1, (int) Math.round(4 * scale));
				if (detail == Detail.FULL) {
					gc.drawText(n.tracepoint(), x + pad, y + pad / 2, true);
					gc.setForeground(device.getSystemColor(SWT.COLOR_DARK_GRAY));
					gc.drawText(GraphLayout.secondLine(n), x + pad, y + pad / 2 + lineHeight, true);
				} else {
					String name = shortName(n.tracepoint(), (int) ((w - 2 * pad) / Math.max(1, charWidth)));
					gc.drawText(name, x + pad, y + Math.max(0, (h - lineHeight) / 2), true);
				}
				gc.setClipping((Rectangle) null);
			}
		}
		if (small != null) {
			gc.setFont(original);
			small.dispose();
		}
		gc.setLineWidth(1);
		if (detail == Detail.BOXES && !nodes.isEmpty()) {
			gc.setForeground(device.getSystemColor(SWT.COLOR_DARK_GRAY));
			gc.drawText(ZOOM_HINT, area.x + 6, area.y + area.height - gc.getFontMetrics().getHeight() - 4, true);
		}
	}

	/**
	 * How much a node shows at a scale: both label lines, the operation's name alone (at a legible size, shortened
	 * to its box), or the boxes alone (names appear as one zooms in).
	 */
	public enum Detail {
		FULL, NAMES, BOXES
	}

	/** The smallest font the labels are drawn in, in points. */
	static final int MIN_POINTS = 7;

	/** Below this scale the boxes are too small for a name at {@link #MIN_POINTS}. */
	public static final double NAMES_SCALE = 0.3;

	static final String ZOOM_HINT = "Names appear as you zoom in (Ctrl+wheel, or + and -)";

	public static Detail detail(double scale) {
		return scale >= GraphLayout.READABLE_SCALE ? Detail.FULL : scale >= NAMES_SCALE ? Detail.NAMES : Detail.BOXES;
	}

	/**
	 * A tracepoint's name in at most {@code chars} characters: whole if it fits, else without its service, else its
	 * end, "\u2026" marking what is left out (the full label shows on hover).
	 */
	public static String shortName(String tracepoint, int chars) {
		int colon = tracepoint.indexOf(':');
		String name = colon >= 0 && colon < tracepoint.length() - 1 ? tracepoint.substring(colon + 1) : tracepoint;
		if (tracepoint.length() <= chars) {
			return tracepoint;
		}
		if (name.length() <= chars) {
			return name;
		}
		if (chars <= 1) {
			return "\u2026";
		}
		return "\u2026" + name.substring(name.length() - (chars - 1));
	}

	private static boolean intersects(double[] p, double x0, double y0, double x1, double y1) {
		double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
		for (int k = 0; k < p.length; k += 2) {
			minX = Math.min(minX, p[k]);
			maxX = Math.max(maxX, p[k]);
			minY = Math.min(minY, p[k + 1]);
			maxY = Math.max(maxY, p[k + 1]);
		}
		return maxX >= x0 && minX <= x1 && maxY >= y0 && minY <= y1;
	}

	private static void arrowHead(GC gc, int[] s) {
		int n = s.length;
		double dx = s[n - 2] - s[n - 4];
		double dy = s[n - 1] - s[n - 3];
		double len = Math.hypot(dx, dy);
		if (len < 1) {
			return;
		}
		dx /= len;
		dy /= len;
		int x = s[n - 2];
		int y = s[n - 1];
		gc.drawLine(x, y, (int) (x - 7 * dx + 4 * dy), (int) (y - 7 * dy - 4 * dx));
		gc.drawLine(x, y, (int) (x - 7 * dx - 4 * dy), (int) (y - 7 * dy + 4 * dx));
	}

	private static Color shareColor(double share) {
		int rgb = VarianceHeatmap.color(Math.max(0.2, share)); // faint shares stay visible on white
		return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
	}
}
