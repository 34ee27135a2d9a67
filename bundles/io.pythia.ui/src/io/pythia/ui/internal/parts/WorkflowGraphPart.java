// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;

import io.pythia.ui.internal.charts.ChartImages;
import io.pythia.ui.internal.charts.Charts;
import io.pythia.ui.internal.graph.GraphLayout;
import io.pythia.ui.internal.graph.GraphPainter;
import io.pythia.services.Investigation;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.analysis.WorkflowGraph;
import io.pythia.core.trace.Trace;
import io.pythia.ui.internal.Messages;

/**
 * A trace's workflow graph, laid out by ELK in a background job and painted on a canvas: critical path in bold,
 * its edges coloured by their share of the group's variance. Wheel zooms (at the pointer), drag pans, Fit shows it
 * all; double-click a span's start to collapse or expand it; click an edge to see its durations across the group.
 * Only what is inside the visible area is painted, so 10,000-event traces stay responsive.
 */
public class WorkflowGraphPart {

	/** Above this many events a quick placement is shown first. */
	static final int QUICK_FIRST = 2000;

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private final AtomicInteger generation = new AtomicInteger();
	private Canvas canvas;
	private Label status;
	private Label edgeText;
	private Canvas chart;
	private Image chartImage;
	private org.jfree.chart.JFreeChart edgeChart;
	private GraphLayout.Laid laid;
	private Trace shownTrace;
	private final Set<Integer> collapsed = new HashSet<>();
	private double scale = 1;
	/** The view's size when the shown layout was asked for; a layout made before it had one is made again. */
	private Rectangle laidFor;
	/** Fit the next layout to the view (it is made again for the view's size). */
	private boolean refit;
	private double ox = 10;
	private double oy = 10;
	private int selectedEdge = -1;
	private int dragX = -1;
	private int dragY;
	private int pressX;
	private int pressY;
	private long lastPaintNanos;

	@Inject
	public WorkflowGraphPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		Job warmUp = Job.create(Messages.GRAPH_WARM_UP_JOB, (IProgressMonitor m) -> {
			GraphLayout.warmUp();
			return Status.OK_STATUS;
		});
		warmUp.setSystem(true);
		warmUp.setPriority(Job.DECORATE);
		warmUp.schedule();
		GridLayoutFactory.fillDefaults().margins(2, 2).spacing(2, 2).applyTo(parent);
		Composite bar = Widgets.bar(parent, 5);
		button(bar, Messages.GRAPH_FIT, Messages.GRAPH_FIT_TIP, this::fit);
		button(bar, "+", Messages.GRAPH_ZOOM_IN_TIP, () -> zoomAt(1.25, canvasCenterX(), canvasCenterY()));
		button(bar, "\u2212", Messages.GRAPH_ZOOM_OUT_TIP, () -> zoomAt(0.8, canvasCenterX(), canvasCenterY()));
		button(bar, Messages.GRAPH_EXPAND_ALL, Messages.GRAPH_EXPAND_ALL_TIP, () -> {
			collapsed.clear();
			relayout();
		});
		status = new Label(bar, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(status);
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		canvas = new Canvas(sash, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.BORDER);
		canvas.setBackground(new Color(255, 255, 255));
		canvas.addListener(SWT.Paint, e -> paint(e.gc));
		canvas.addListener(SWT.MouseVerticalWheel, e -> zoomAt(e.count > 0 ? 1.15 : 1 / 1.15, e.x, e.y));
		canvas.addListener(SWT.MouseDown, e -> {
			dragX = e.x;
			dragY = e.y;
			pressX = e.x;
			pressY = e.y;
		});
		canvas.addListener(SWT.MouseMove, e -> {
			if (dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0) {
				ox += e.x - dragX;
				oy += e.y - dragY;
				dragX = e.x;
				dragY = e.y;
				canvas.redraw();
				return;
			}
			// zoomed out, a box shows its name shortened or not at all: the full label on hover
			int node = GraphPainter.detail(scale) == GraphPainter.Detail.FULL ? -1 : nodeAt(e.x, e.y);
			GraphLayout.Laid l = laid;
			String tip = node < 0 || l == null ? null
					: l.graph().nodes().get(node).tracepoint() + "\n" + GraphLayout.secondLine(l.graph().nodes().get(node));
			if (!java.util.Objects.equals(tip, canvas.getToolTipText())) {
				canvas.setToolTipText(tip);
			}
		});
		canvas.addListener(SWT.MouseUp, this::clicked);
		canvas.addListener(SWT.MouseDoubleClick, this::doubleClicked);
		canvas.addListener(SWT.KeyDown, e -> {
			if (e.character == 'f' || e.character == 'F') {
				fit();
			} else if (e.character == '+' || e.character == '=') {
				zoomAt(1.25, canvasCenterX(), canvasCenterY());
			} else if (e.character == '-') {
				zoomAt(0.8, canvasCenterX(), canvasCenterY());
			}
		});
		canvas.addListener(SWT.Resize, e -> {
			// a graph laid out before the view had its size is laid out again, wrapped to its shape
			// (its layout may still be under way: the newer one wins)
			Rectangle now = canvas.getClientArea();
			if (shownTrace != null && laidFor != null && (laidFor.width < 50 || laidFor.height < 50)
					&& now.width >= 50 && now.height >= 50 && shownTrace.size() <= GraphLayout.WRAP_UP_TO) {
				refit = true;
				relayout();
			}
			canvas.redraw();
		});
		Composite details = new Composite(sash, SWT.NONE);
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(details);
		edgeText = new Label(details, SWT.WRAP);
		edgeText.setText(Messages.GRAPH_EDGE_HINT);
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(edgeText);
		chart = new Canvas(details, SWT.DOUBLE_BUFFERED);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(chart);
		Widgets.button(details, Messages.EXPORT_CHART, Messages.GRAPH_EXPORT_CHART_TIP,
				() -> Widgets.exportChart(chart.getShell(), edgeChart, "edge-durations"));
		chart.addListener(SWT.Paint, e -> {
			if (chartImage != null && !chartImage.isDisposed()) {
				e.gc.drawImage(chartImage, 0, 0);
			}
		});
		sash.setWeights(72, 28);
		investigation.addListener(listener);
		showTrace();
	}

	private static void button(Composite bar, String text, String tip, Runnable action) {
		Widgets.button(bar, text, tip, action);
	}

	private void changed(Investigation.Change change) {
		switch (change) {
		case ANALYSIS, GROUP, TRACE -> sync.asyncExec(() -> {
			if (!canvas.isDisposed()) {
				showTrace();
			}
		});
		case EDGE -> sync.asyncExec(() -> {
			if (!canvas.isDisposed()) {
				selectPathPosition(investigation.edgePosition());
			}
		});
		default -> {
		}
		}
	}

	/** Lays out the investigation's current trace, unless it is already shown. */
	private void showTrace() {
		Optional<Trace> t = investigation.trace();
		if (t.isEmpty()) {
			laid = null;
			shownTrace = null;
			status.setText(Messages.GRAPH_NO_TRACE);
			canvas.redraw();
			return;
		}
		if (t.get() != shownTrace) {
			shownTrace = t.get();
			collapsed.clear();
			selectedEdge = -1;
			edgeText.setText(Messages.GRAPH_EDGE_HINT);
			if (chartImage != null) {
				chartImage.dispose();
				chartImage = null;
				chart.redraw();
			}
			relayout();
		}
	}

	private void relayout() {
		Trace trace = shownTrace;
		List<EdgeShare> shares = investigation.group().filter(g -> investigation.tracesOf(g).contains(trace)
				|| g.group().representative() == trace).map(AnalysisReport.Group::edges).orElse(List.of());
		Set<Integer> collapse = Set.copyOf(collapsed);
		int gen = generation.incrementAndGet();
		status.setText(String.format(Locale.ROOT, Messages.GRAPH_LAYING_OUT_EVENTS, trace.size()));
		status.getParent().layout();
		boolean first = laid == null || laid.graph().trace() != trace;
		Rectangle view = canvas.getClientArea(); // a small graph is wrapped into rows of the view's shape
		laidFor = view;
		Job job = Job.create(String.format(Locale.ROOT, Messages.GRAPH_LAYOUT_JOB, trace.id()), (IProgressMonitor monitor) -> {
			GraphLayout.Laid result;
			try {
				WorkflowGraph graph = WorkflowGraph.of(trace, shares, collapse);
				if (graph.nodes().size() > QUICK_FIRST) {
					// ELK needs a second or more here: show the quick placement until its layout lands
					GraphLayout.Laid quick = GraphLayout.quick(graph);
					sync.asyncExec(() -> {
						if (gen == generation.get() && !canvas.isDisposed()) {
							laid = quick;
							if (first) {
								fit();
							}
							status.setText(String.format(Locale.ROOT, Messages.GRAPH_QUICK_PLACEMENT,
									trace.id(), quick.graph().nodes().size()));
							status.getParent().layout();
							canvas.redraw();
						}
					});
				}
				result = GraphLayout.layout(graph, view.width, view.height);
			} catch (RuntimeException | LinkageError e) {
				sync.asyncExec(() -> {
					if (!status.isDisposed()) {
						status.setText(String.format(Locale.ROOT, Messages.GRAPH_LAYOUT_FAILED, trace.id(), e));
						status.getParent().layout();
					}
				});
				return Status.error(String.format(Locale.ROOT, Messages.GRAPH_LAYOUT_FAILED, trace.id(), e), e);
			}
			sync.asyncExec(() -> {
				if (gen != generation.get() || canvas.isDisposed()) {
					return; // a newer request won
				}
				boolean wasQuick = laid != null && laid.graph() == result.graph();
				laid = result;
				if (first || wasQuick || refit) {
					refit = false;
					fit();
				}
				status.setText(String.format(Locale.ROOT, Messages.GRAPH_LAID_OUT,
						trace.id(), result.graph().nodes().size(), trace.size(), trace.duration() / 1e6, result.millis()));
				status.getParent().layout();
				if (investigation.edgePosition() >= 0) {
					selectPathPosition(investigation.edgePosition());
				}
				canvas.redraw();
			});
			return Status.OK_STATUS;
		});
		job.setSystem(false);
		job.schedule();
	}

	/** Layout generation counter: tests and the benchmark wait for a layout to land. */
	public Optional<GraphLayout.Laid> laidOut() {
		return Optional.ofNullable(laid);
	}

	/** The zoom now: layout pixels to screen pixels (what sets the level of detail, {@link GraphPainter#detail}). */
	public double scale() {
		return scale;
	}

	/** Duration of the last paint, for the benchmark. */
	public long lastPaintNanos() {
		return lastPaintNanos;
	}

	public void fit() {
		if (laid == null) {
			return;
		}
		double[] f = GraphPainter.fit(laid, canvas.getClientArea());
		scale = f[0];
		ox = f[1];
		oy = f[2];
		canvas.redraw();
	}

	private int canvasCenterX() {
		return canvas.getClientArea().width / 2;
	}

	private int canvasCenterY() {
		return canvas.getClientArea().height / 2;
	}

	private void zoomAt(double factor, int x, int y) {
		double s = Math.max(0.02, Math.min(4, scale * factor));
		// keep the layout point under the pointer where it is
		ox = x - (x - ox) * (s / scale);
		oy = y - (y - oy) * (s / scale);
		scale = s;
		canvas.redraw();
	}

	private void paint(GC gc) {
		long start = System.nanoTime();
		Rectangle area = canvas.getClientArea();
		GraphLayout.Laid l = laid;
		if (l == null) {
			gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
			gc.fillRectangle(area);
			gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
			gc.drawText(investigation.trace().isPresent() ? Messages.GRAPH_LAYING_OUT
					: Messages.GRAPH_EMPTY, 10, 10);
			return;
		}
		GraphPainter.paint(gc, area, l, scale, ox, oy, selectedEdge);
		lastPaintNanos = System.nanoTime() - start;
	}

	private int nodeAt(int sx, int sy) {
		GraphLayout.Laid l = laid;
		if (l == null) {
			return -1;
		}
		double x = (sx - ox) / scale;
		double y = (sy - oy) / scale;
		for (int i = 0; i < l.x().length; i++) {
			if (x >= l.x()[i] && x <= l.x()[i] + l.w()[i] && y >= l.y()[i] && y <= l.y()[i] + l.h()[i]) {
				return i;
			}
		}
		return -1;
	}

	private int edgeAt(int sx, int sy) {
		GraphLayout.Laid l = laid;
		if (l == null) {
			return -1;
		}
		double x = (sx - ox) / scale;
		double y = (sy - oy) / scale;
		double tolerance = 5 / scale;
		int best = -1;
		double bestD = tolerance;
		for (int i = 0; i < l.edgePoints().size(); i++) {
			double[] p = l.edgePoints().get(i);
			for (int k = 0; k + 3 < p.length; k += 2) {
				double d = segmentDistance(x, y, p[k], p[k + 1], p[k + 2], p[k + 3]);
				if (d <= bestD) {
					bestD = d;
					best = i;
				}
			}
		}
		return best;
	}

	private static double segmentDistance(double x, double y, double x0, double y0, double x1, double y1) {
		double dx = x1 - x0;
		double dy = y1 - y0;
		double len2 = dx * dx + dy * dy;
		double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
		return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
	}

	private void clicked(Event e) {
		boolean dragged = Math.hypot(e.x - pressX, e.y - pressY) > 3;
		dragX = -1;
		if (dragged || e.button != 1) {
			return;
		}
		int edge = edgeAt(e.x, e.y);
		if (edge >= 0) {
			selectEdge(edge);
		}
	}

	private void doubleClicked(Event e) {
		int node = nodeAt(e.x, e.y);
		if (node < 0 || laid == null) {
			return;
		}
		int event = laid.graph().nodes().get(node).event();
		if (collapsed.remove(event) || WorkflowGraph.collapsible(shownTrace, event) && collapsed.add(event)) {
			relayout();
		}
	}

	/** Selects the drawn edge that stands for a critical-path position (after a heatmap click). */
	private void selectPathPosition(int position) {
		GraphLayout.Laid l = laid;
		if (l == null || position < 0) {
			return;
		}
		List<WorkflowGraph.Edge> edges = l.graph().edges();
		for (int i = 0; i < edges.size(); i++) {
			WorkflowGraph.Edge e = edges.get(i);
			if (e.onCriticalPath() && position >= e.pathPosition() && position < e.pathPosition() + e.pathSteps()) {
				selectEdge(i);
				double[] p = l.edgePoints().get(i);
				if (p.length >= 2) { // bring it into view, readable
					Rectangle area = canvas.getClientArea();
					scale = Math.max(scale, 1.0);
					ox = area.width / 2.0 - p[0] * scale;
					oy = area.height / 2.0 - p[1] * scale;
				}
				canvas.redraw();
				return;
			}
		}
	}

	private void selectEdge(int index) {
		selectedEdge = index;
		canvas.redraw();
		GraphLayout.Laid l = laid;
		WorkflowGraph.Edge e = l.graph().edges().get(index);
		String from = l.graph().nodes().get(e.from()).label();
		String to = l.graph().nodes().get(e.to()).label();
		StringBuilder sb = new StringBuilder();
		sb.append(from).append(" \u2192 ").append(to).append('\n');
		sb.append(String.format(Locale.ROOT, Messages.EDGE_THIS_TRACE, e.durationNanos() / 1e6));
		Optional<AnalysisReport.Group> g = investigation.group();
		if (e.onCriticalPath() && g.isPresent()) {
			if (!Double.isNaN(e.share())) {
				sb.append(String.format(Locale.ROOT, Messages.EDGE_SHARE, e.share() * 100));
			}
			if (e.pathSteps() == 1) {
				int slot = g.get().group().slotOf(CriticalPath.of(l.graph().trace()), e.pathPosition());
				for (EdgeShare s : g.get().edges()) {
					if (s.slot() == slot) {
						sb.append(String.format(Locale.ROOT, Messages.EDGE_GROUP_MEAN, s.meanNanos() / 1e6,
								Math.sqrt(s.varianceNanos2()) / 1e6));
					}
				}
			}
			edgeText.setText(sb.toString());
			int position = e.pathPosition();
			int steps = e.pathSteps();
			AnalysisReport.Group group = g.get();
			Job.create(Messages.EDGE_DURATIONS, (IProgressMonitor m) -> {
				List<Trace> traces = investigation.tracesOf(group);
				double[] nanos = Investigation.edgeDurations(group, traces, l.graph().trace(), position, steps);
				double[] samples = nanos;
				sync.asyncExec(() -> showHistogram(String.format(Locale.ROOT, Messages.EDGE_DURATIONS_OF, samples.length), samples));
				return Status.OK_STATUS;
			}).schedule();
		} else {
			sb.append(e.onCriticalPath() ? "" : Messages.EDGE_NOT_ON_PATH);
			edgeText.setText(sb.toString());
			showHistogram(Messages.EDGE_DURATIONS, new double[0]);
		}
		edgeText.getParent().layout(true, true);
	}

	private void showHistogram(String title, double[] nanos) {
		if (chart.isDisposed()) {
			return;
		}
		Rectangle area = chart.getClientArea();
		if (chartImage != null) {
			chartImage.dispose();
		}
		edgeChart = Charts.histogram(title, nanos);
		chartImage = new Image(chart.getDisplay(), ChartImages.toImageData(Charts.image(edgeChart, area.width, area.height)));
		chart.redraw();
	}

	/** The chart of the selected edge's durations, or null. */
	public org.jfree.chart.JFreeChart edgeChart() {
		return edgeChart;
	}

	/** The edge selected in the view, or -1. */
	public int selectedEdge() {
		return selectedEdge;
	}

	public String edgeDetails() {
		return edgeText.getText();
	}

	@Focus
	public void setFocus() {
		canvas.setFocus();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
		if (chartImage != null) {
			chartImage.dispose();
		}
	}
}
