// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ScrollBar;
import org.eclipse.swt.widgets.Text;

import io.pythia.core.analysis.SpanTimeline;
import io.pythia.core.trace.Trace;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;
import io.pythia.ui.internal.charts.TimelinePainter;

/**
 * The selected trace as a span timeline (waterfall): a row per span under its parent, bars on a time axis coloured
 * by service, and the critical path drawn on the spans that were running, from the event graph. Rows collapse by
 * subtree (click the triangle) or to the service calls; Ctrl+wheel zooms the time axis at the pointer, dragging
 * pans it, Fit shows it all; the search box marks the spans whose name contains the text. Clicking the critical
 * path on a group's representative selects that edge, as the heatmap does. Only the rows on screen are painted,
 * so traces of 100,000 events scroll as quickly as small ones; the timeline itself is computed in a job.
 */
public class SpanTimelinePart {

	public static final int ROW = TimelinePainter.ROW;
	public static final int RULER = TimelinePainter.RULER;
	static final int LABELS = TimelinePainter.LABELS;
	static final int INDENT = TimelinePainter.INDENT;

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Canvas canvas;
	private Text search;
	private Label status;
	private SpanTimeline timeline;
	private Trace shown;
	private int[] visible = new int[0];
	private final Set<Integer> collapsed = new HashSet<>();
	private Set<Integer> matches = Set.of();
	/** The time axis shown, in ns from the trace's start. */
	private double viewStart;
	private double viewEnd;
	private int dragX = -1;
	private long lastPaintNanos;

	@Inject
	public SpanTimelinePart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(2, 2).spacing(2, 2).applyTo(parent);
		Composite bar = Widgets.bar(parent, 5);
		search = new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH);
		search.setMessage(Messages.TIMELINE_SEARCH);
		GridDataFactory.fillDefaults().hint(220, SWT.DEFAULT).applyTo(search);
		search.addListener(SWT.Modify, e -> find(search.getText()));
		Widgets.button(bar, Messages.TIMELINE_FIT, Messages.TIMELINE_FIT_TIP, this::fit);
		Widgets.button(bar, Messages.TIMELINE_SERVICES, Messages.TIMELINE_SERVICES_TIP, this::collapseToServiceCalls);
		Widgets.button(bar, Messages.TIMELINE_EXPAND, null, () -> {
			collapsed.clear();
			layoutRows();
		});
		status = new Label(bar, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(status);
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.V_SCROLL | SWT.BORDER);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas);
		canvas.addListener(SWT.Paint, e -> paint(e.gc, canvas.getClientArea()));
		canvas.addListener(SWT.Resize, e -> updateScroll());
		canvas.getVerticalBar().addListener(SWT.Selection, e -> canvas.redraw());
		canvas.addListener(SWT.MouseVerticalWheel, e -> {
			if ((e.stateMask & SWT.MOD1) != 0) {
				zoom(e.count > 0 ? 0.8 : 1.25, e.x);
				e.doit = false;
			}
		});
		canvas.addListener(SWT.MouseDown, e -> dragX = e.button == 1 ? e.x : -1);
		canvas.addListener(SWT.MouseMove, e -> {
			if (dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0 && e.x != dragX) {
				pan(dragX - e.x);
				dragX = e.x;
			} else {
				canvas.setToolTipText(describe(e.x, e.y));
			}
		});
		canvas.addListener(SWT.MouseUp, e -> {
			boolean dragged = dragX >= 0 && Math.abs(e.x - dragX) > 3;
			dragX = -1;
			if (!dragged && e.button == 1) {
				click(e.x, e.y);
			}
		});
		investigation.addListener(listener);
		load();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.TRACE || change == Investigation.Change.GROUP
				|| change == Investigation.Change.ANALYSIS) {
			sync.asyncExec(() -> {
				if (!canvas.isDisposed()) {
					load();
				}
			});
		} else if (change == Investigation.Change.EDGE) {
			sync.asyncExec(() -> {
				if (!canvas.isDisposed()) {
					canvas.redraw();
				}
			});
		}
	}

	/** Builds the shown trace's timeline in a job, then shows it. */
	private void load() {
		Trace trace = investigation.trace().orElse(null);
		if (trace == shown && timeline != null) {
			return;
		}
		shown = trace;
		if (trace == null) {
			show(null);
			return;
		}
		Job.create(String.format(Locale.ROOT, Messages.TIMELINE_JOB, trace.id()), m -> {
			SpanTimeline t = SpanTimeline.of(trace);
			sync.asyncExec(() -> {
				if (!canvas.isDisposed() && shown == trace) {
					show(t);
				}
			});
			return Status.OK_STATUS;
		}).schedule();
	}

	private void show(SpanTimeline t) {
		timeline = t;
		collapsed.clear();
		matches = Set.of();
		viewStart = 0;
		viewEnd = t == null ? 1 : Math.max(1, t.end() - t.start());
		layoutRows();
		find(search.getText());
		status.setText(t == null ? "" : String.format(Locale.ROOT, Messages.TIMELINE_STATUS, t.traceId(), t.rows().size(),
				(t.end() - t.start()) / 1e6, t.segments().size()));
		status.getParent().layout();
	}

	private void layoutRows() {
		visible = timeline == null ? new int[0] : timeline.visibleRows(collapsed);
		updateScroll();
		canvas.redraw();
	}

	private void updateScroll() {
		ScrollBar v = canvas.getVerticalBar();
		int page = Math.max(1, (canvas.getClientArea().height - RULER) / ROW);
		v.setValues(Math.min(v.getSelection(), Math.max(0, visible.length - page)), 0, Math.max(visible.length, 1), page, 1,
				Math.max(1, page - 1));
	}

	/** Collapses every service call, so that a row per call between services shows (the service call tree). */
	public void collapseToServiceCalls() {
		if (timeline == null) {
			return;
		}
		collapsed.clear();
		List<SpanTimeline.Row> rows = timeline.rows();
		for (int r = 0; r < rows.size(); r++) {
			SpanTimeline.Row row = rows.get(r);
			// a row whose children all run in its own service holds no service call below it
			boolean callsOut = false;
			for (int c = r + 1; c < rows.size() && rows.get(c).depth() > row.depth(); c++) {
				if (!rows.get(c).service().equals(row.service())) {
					callsOut = true;
					break;
				}
			}
			if (row.children() > 0 && !callsOut) {
				collapsed.add(r);
			}
		}
		layoutRows();
	}

	/** Marks the spans whose name holds the text and scrolls to the first. */
	public int find(String text) {
		if (timeline == null) {
			return 0;
		}
		List<Integer> found = timeline.find(text);
		matches = Set.copyOf(found);
		if (!found.isEmpty()) {
			// open the collapsed rows above the first match, then scroll to it
			int r = found.get(0);
			for (int p = timeline.rows().get(r).parent(); p >= 0; p = timeline.rows().get(p).parent()) {
				collapsed.remove(p);
			}
			visible = timeline.visibleRows(collapsed);
			updateScroll();
			for (int i = 0; i < visible.length; i++) {
				if (visible[i] == r) {
					canvas.getVerticalBar().setSelection(Math.max(0, i - 2));
					break;
				}
			}
		}
		canvas.redraw();
		return found.size();
	}

	/** Shows the whole trace. */
	public void fit() {
		viewStart = 0;
		viewEnd = timeline == null ? 1 : Math.max(1, timeline.end() - timeline.start());
		canvas.redraw();
	}

	/** Zooms the time axis by {@code factor} (under 1: in) around the pointer's x. */
	public void zoom(double factor, int x) {
		Rectangle area = canvas.getClientArea();
		double span = viewEnd - viewStart;
		double at = viewStart + span * Math.max(0, Math.min(1, (x - LABELS) / (double) Math.max(1, area.width - LABELS)));
		double full = timeline == null ? 1 : Math.max(1, timeline.end() - timeline.start());
		double next = Math.max(1000, Math.min(full, span * factor)); // 1 µs at the closest
		viewStart = Math.max(0, at - (at - viewStart) * next / span);
		viewEnd = Math.min(full, viewStart + next);
		viewStart = Math.max(0, viewEnd - next);
		canvas.redraw();
	}

	private void pan(int pixels) {
		Rectangle area = canvas.getClientArea();
		double span = viewEnd - viewStart;
		double full = timeline == null ? 1 : Math.max(1, timeline.end() - timeline.start());
		double shift = span * pixels / Math.max(1, area.width - LABELS);
		viewStart = Math.max(0, Math.min(full - span, viewStart + shift));
		viewEnd = viewStart + span;
		canvas.redraw();
	}

	private double x(long t, Rectangle area) {
		return TimelinePainter.x(t, timeline, viewStart, viewEnd, area);
	}

	/** The row under a point, as an index into the timeline's rows, or -1. */
	private int rowAt(int y) {
		int i = canvas.getVerticalBar().getSelection() + (y - RULER) / ROW;
		return y < RULER || i < 0 || i >= visible.length ? -1 : visible[i];
	}

	private void click(int x, int y) {
		int r = rowAt(y);
		if (r < 0) {
			return;
		}
		SpanTimeline.Row row = timeline.rows().get(r);
		if (x < LABELS) {
			if (row.children() > 0 && x < 4 + row.depth() * INDENT + 12) {
				if (!collapsed.remove(r)) {
					collapsed.add(r);
				}
				layoutRows();
			}
			return;
		}
		var group = investigation.group();
		SpanTimeline.Segment s = segmentAt(r, x);
		if (s != null && group.isPresent() && group.get().group().representative() == shown) {
			investigation.selectEdge(group.get(), s.position());
		}
	}

	private SpanTimeline.Segment segmentAt(int row, int x) {
		Rectangle area = canvas.getClientArea();
		for (SpanTimeline.Segment s : timeline.segments()) {
			if (s.row() == row && x >= x(s.start(), area) - 2 && x <= x(s.end(), area) + 2) {
				return s;
			}
		}
		return null;
	}

	private String describe(int x, int y) {
		int r = timeline == null ? -1 : rowAt(y);
		if (r < 0) {
			return null;
		}
		SpanTimeline.Row row = timeline.rows().get(r);
		long onPath = 0;
		for (SpanTimeline.Segment s : timeline.segments()) {
			if (s.row() == r) {
				onPath += s.end() - s.start();
			}
		}
		return String.format(Locale.ROOT, Messages.TIMELINE_ROW_TIP, row.label(), (row.start() - timeline.start()) / 1e6,
				row.duration() / 1e6, onPath / 1e6);
	}

	void paint(GC gc, Rectangle area) {
		long started = System.nanoTime();
		TimelinePainter.paint(gc, area, timeline, visible, canvas.getVerticalBar().getSelection(), viewStart, viewEnd,
				collapsed, matches, selectedPosition());
		lastPaintNanos = System.nanoTime() - started;
	}

	/** The selected critical-path edge, when the trace shown is the group's representative (positions are its own). */
	public int selectedPosition() {
		var group = investigation.group();
		return group.isPresent() && group.get().group().representative() == shown ? investigation.edgePosition() : -1;
	}

	// what the tests and the benchmark read

	public SpanTimeline timeline() {
		return timeline;
	}

	/** The rows shown (collapsed subtrees left out), as indices into the timeline's rows. */
	public int[] visibleRows() {
		return visible.clone();
	}

	/** The time axis shown, {from, to} in ns from the trace's start. */
	public double[] view() {
		return new double[] { viewStart, viewEnd };
	}

	public long lastPaintNanos() {
		return lastPaintNanos;
	}

	/** Clicks at a point of the canvas, as the mouse does (tests). */
	public void clickAt(int x, int y) {
		click(x, y);
	}

	/** Where a critical-path segment's middle is on the canvas, or null when it is not on screen. */
	public int[] segmentCenter(int position) {
		Rectangle area = canvas.getClientArea();
		SpanTimeline.Segment s = timeline.segments().get(position);
		int first = canvas.getVerticalBar().getSelection();
		for (int i = first; i < visible.length; i++) {
			if (visible[i] == s.row()) {
				return new int[] { (int) ((x(s.start(), area) + x(s.end(), area)) / 2), RULER + (i - first) * ROW + ROW / 2 };
			}
		}
		return null;
	}

	@Focus
	public void setFocus() {
		canvas.setFocus();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}
}
