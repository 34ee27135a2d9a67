// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.charts;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.pythia.core.analysis.SpanTimeline;
import io.pythia.ui.internal.Messages;

/**
 * Paints a span timeline: the time ruler, then only the rows on screen (label with its indent and triangle, the
 * span's bar in its service's colour), then the critical path's segments on those rows. The cost follows the rows
 * shown and the path's length, not the trace's size.
 */
public final class TimelinePainter {

	public static final int ROW = 18;
	public static final int RULER = 22;
	public static final int LABELS = 300;
	public static final int INDENT = 12;
	/** Distinct colours for services, from ColorBrewer's Set3 and Paired: readable with black text. */
	private static final int[] PALETTE = { 0x8dd3c7, 0xffffb3, 0xbebada, 0xfb8072, 0x80b1d3, 0xfdb462, 0xb3de69,
			0xfccde5, 0xd9d9d9, 0xbc80bd, 0xccebc5, 0xffed6f, 0xa6cee3, 0xb2df8a, 0xfdbf6f, 0xcab2d6 };

	private TimelinePainter() {
	}

	/** Where time {@code t} (ns) is drawn for a view from {@code viewStart} to {@code viewEnd} (ns from the start). */
	public static double x(long t, SpanTimeline timeline, double viewStart, double viewEnd, Rectangle area) {
		return LABELS + (t - timeline.start() - viewStart) / (viewEnd - viewStart) * (area.width - LABELS - 4);
	}

	/**
	 * @param visible   rows shown, as indices into the timeline's rows
	 * @param first     index into {@code visible} of the row at the top
	 * @param selected  critical-path position drawn in red, or -1
	 */
	public static void paint(GC gc, Rectangle area, SpanTimeline timeline, int[] visible, int first, double viewStart,
			double viewEnd, Set<Integer> collapsed, Set<Integer> matches, int selected) {
		var device = gc.getDevice();
		gc.setBackground(device.getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(area);
		gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
		if (timeline == null) {
			gc.drawText(Messages.TIMELINE_EMPTY, 10, 10, true);
			return;
		}
		ruler(gc, area, viewStart, viewEnd);
		int rowsShown = Math.min(visible.length - first, (area.height - RULER) / ROW + 1);
		Map<Integer, Integer> lineOf = new java.util.HashMap<>();
		Color[] colors = new Color[PALETTE.length];
		try {
			for (int i = 0; i < rowsShown; i++) {
				int r = visible[first + i];
				lineOf.put(r, i);
				SpanTimeline.Row row = timeline.rows().get(r);
				int y = RULER + i * ROW;
				if (matches.contains(r)) {
					gc.setBackground(device.getSystemColor(SWT.COLOR_INFO_BACKGROUND));
					gc.fillRectangle(0, y, area.width, ROW);
				}
				int indent = 4 + row.depth() * INDENT;
				if (row.children() > 0) {
					gc.drawText(collapsed.contains(r) ? "\u25b8" : "\u25be", indent, y + 1, true);
				}
				gc.setClipping(0, y, LABELS - 4, ROW);
				gc.drawText(row.label(), indent + 12, y + 1, true);
				gc.setClipping((Rectangle) null);
				int c = Math.floorMod(row.service().hashCode(), PALETTE.length);
				if (colors[c] == null) {
					colors[c] = new Color(device, PALETTE[c] >> 16, (PALETTE[c] >> 8) & 0xff, PALETTE[c] & 0xff);
				}
				int x0 = (int) Math.max(LABELS, x(row.start(), timeline, viewStart, viewEnd, area));
				int x1 = (int) Math.min(area.width - 2, x(row.end(), timeline, viewStart, viewEnd, area));
				if (x1 >= LABELS && x0 <= area.width) {
					gc.setBackground(colors[c]);
					gc.fillRectangle(x0, y + 3, Math.max(1, x1 - x0), ROW - 6);
					gc.setForeground(device.getSystemColor(SWT.COLOR_GRAY));
					gc.drawRectangle(x0, y + 3, Math.max(1, x1 - x0), ROW - 6);
					gc.setForeground(device.getSystemColor(SWT.COLOR_BLACK));
				}
			}
			// the critical path: a dark band on the rows it ran on; the selected edge in red
			for (SpanTimeline.Segment s : timeline.segments()) {
				Integer line = lineOf.get(s.row());
				if (line == null) {
					continue;
				}
				int x0 = (int) Math.max(LABELS, x(s.start(), timeline, viewStart, viewEnd, area));
				int x1 = (int) Math.min(area.width - 2, x(s.end(), timeline, viewStart, viewEnd, area));
				if (x1 < LABELS || x0 > area.width) {
					continue;
				}
				gc.setBackground(device.getSystemColor(s.position() == selected ? SWT.COLOR_RED : SWT.COLOR_DARK_GRAY));
				gc.fillRectangle(x0, RULER + line * ROW + ROW / 2 - 2, Math.max(1, x1 - x0), 4);
			}
		} finally {
			for (Color c : colors) {
				if (c != null) {
					c.dispose();
				}
			}
		}
		gc.setForeground(device.getSystemColor(SWT.COLOR_GRAY));
		gc.drawLine(LABELS - 2, 0, LABELS - 2, area.height);
	}


	/** Ticks at a round step (1, 2 or 5 times a power of ten), labelled in ms from the trace's start. */
	private static void ruler(GC gc, Rectangle area, double viewStart, double viewEnd) {
		double span = viewEnd - viewStart;
		int width = area.width - LABELS - 4;
		double raw = span / Math.max(1, width / 90.0);
		double pow = Math.pow(10, Math.floor(Math.log10(raw)));
		double step = raw <= pow ? pow : raw <= 2 * pow ? 2 * pow : raw <= 5 * pow ? 5 * pow : 10 * pow;
		gc.setForeground(device(gc, SWT.COLOR_DARK_GRAY));
		for (double t = Math.ceil(viewStart / step) * step; t <= viewEnd; t += step) {
			int x = (int) (LABELS + (t - viewStart) / span * width);
			gc.drawLine(x, RULER - 6, x, RULER);
			gc.drawText(ms(t), x + 2, 2, true);
		}
		gc.drawLine(LABELS, RULER, area.width, RULER);
		gc.setForeground(device(gc, SWT.COLOR_BLACK));
	}

	private static Color device(GC gc, int color) {
		return gc.getDevice().getSystemColor(color);
	}

	private static String ms(double nanos) {
		double ms = nanos / 1e6;
		return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms)
				: ms >= 1 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.3f ms", ms);
	}
}
