// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

import io.pythia.ui.internal.charts.ChartCanvas;
import io.pythia.ui.internal.charts.Charts;
import io.pythia.ui.internal.charts.HeatmapPainter;
import io.pythia.services.Investigation;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.AttributeEffect;
import io.pythia.core.analysis.VarianceHeatmap;
import io.pythia.ui.internal.Messages;

/**
 * Problem groups (rows) against critical-path edges (columns), coloured by each edge's share of the group's
 * variance; hovering shows the numbers, clicking a cell opens that edge in the workflow graph. Beside it, the
 * selected group's response-time histogram, or box plots of the problem groups (both export to PNG and SVG), and
 * under it the span attributes that go with the group's slower requests.
 */
public class VarianceHeatmapPart {

	static final int MAX_COLUMNS = 100;
	/** Box plots side by side stay readable up to about this many. */
	static final int MAX_BOXES = 20;
	static final int TIME_WINDOWS = 10;

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Canvas heatmapCanvas;
	private ChartCanvas chartCanvas;
	private Label hover;
	private Button overTime;
	private Button boxPlot;
	private VarianceHeatmap heatmap;
	private HeatmapPainter painter;
	private long lastPaintNanos;
	private org.eclipse.swt.widgets.Table attributeTable;
	private Rows<AttributeEffect> attributeRows;
	private List<AttributeEffect> shownAttributes = List.of();

	@Inject
	public VarianceHeatmapPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(2, 2).spacing(2, 2).applyTo(parent);
		Composite bar = Widgets.bar(parent, 7);
		button(bar, Messages.HEATMAP_PNG, () -> export("heatmap.png", p -> saveHeatmapPng(p)));
		button(bar, Messages.HEATMAP_SVG, () -> export("heatmap.svg", p -> {
			try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
				heatmap.writeSvg(w);
			}
		}));
		button(bar, Messages.HEATMAP_CHART_PNG, () -> export(chartName() + ".png", p -> ChartUtils.saveChartAsPNG(p.toFile(), chartCanvas.chart(), 800, 450)));
		button(bar, Messages.HEATMAP_CHART_SVG, () -> export(chartName() + ".svg", p -> Charts.save(chartCanvas.chart(), p)));
		boxPlot = new Button(bar, SWT.CHECK);
		boxPlot.setText(Messages.HEATMAP_BOX_PLOT);
		boxPlot.setToolTipText(Messages.HEATMAP_BOX_PLOT_TIP);
		boxPlot.addListener(SWT.Selection, e -> renderChart());
		overTime = new Button(bar, SWT.CHECK);
		overTime.setText(Messages.HEATMAP_OVER_TIME);
		overTime.setToolTipText(Messages.HEATMAP_OVER_TIME_TIP);
		overTime.addListener(SWT.Selection, e -> rebuild());
		hover = new Label(bar, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(hover);
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		heatmapCanvas = new Canvas(sash, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.BORDER);
		heatmapCanvas.addListener(SWT.Paint, e -> paint(e.gc, heatmapCanvas.getClientArea()));
		heatmapCanvas.addListener(SWT.MouseMove, e -> {
			int[] cell = cellAt(e.x, e.y);
			int label = painter == null ? -1 : painter.columnLabelAt(heatmapCanvas.getClientArea(), e.x, e.y);
			String text = label >= 0 ? heatmap.columns().get(label) : cell == null ? "" : describe(cell[0], cell[1]);
			heatmapCanvas.setToolTipText(text.isEmpty() ? null : text);
			hover.setText(text);
		});
		heatmapCanvas.addListener(SWT.MouseUp, e -> {
			int label = painter == null ? -1 : painter.columnLabelAt(heatmapCanvas.getClientArea(), e.x, e.y);
			if (label >= 0) {
				selectColumn(label);
				return;
			}
			int[] cell = cellAt(e.x, e.y);
			if (cell != null) {
				AnalysisReport.Group g = heatmap.rowGroup(cell[0]);
				int position = heatmap.position(cell[0], cell[1]);
				if (position >= 0) {
					investigation.selectEdge(g, position);
				} else {
					investigation.selectGroup(g);
				}
			}
		});
		heatmapCanvas.addListener(SWT.Resize, e -> heatmapCanvas.redraw());
		SashForm right = new SashForm(sash, SWT.VERTICAL);
		chartCanvas = new ChartCanvas(right, this::renderChart);
		attributeTable = Widgets.attributeTable(right);
		attributeRows = new Rows<>(attributeTable, Widgets::attributeCells);
		right.setWeights(70, 30);
		sash.setWeights(65, 35);
		investigation.addListener(listener);
		rebuild();
	}

	private static void button(Composite bar, String text, Runnable action) {
		Widgets.button(bar, text, null, action);
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.ANALYSIS || change == Investigation.Change.GROUP) {
			sync.asyncExec(() -> {
				if (heatmapCanvas.isDisposed()) {
					return;
				}
				if (change == Investigation.Change.ANALYSIS || overTime.getSelection()) {
					rebuild();
				} else {
					renderChart();
					heatmapCanvas.redraw();
				}
			});
		}
	}

	/** Rows: the problem groups (all groups when none is a problem), largest variance first. */
	private void rebuild() {
		var group = investigation.group();
		if (overTime.getSelection() && group.isPresent()) {
			// per-window decompositions walk every kept trace of the group: off the UI thread
			AnalysisReport.Group g = group.get();
			List<io.pythia.core.trace.Trace> traces = investigation.tracesOf(g);
			org.eclipse.core.runtime.jobs.Job.create(String.format(Locale.ROOT, Messages.HEATMAP_OVER_TIME_JOB, g.group().id()), (org.eclipse.core.runtime.IProgressMonitor m) -> {
				VarianceHeatmap map = VarianceHeatmap.overTime(g, traces, TIME_WINDOWS);
				sync.asyncExec(() -> {
					if (!heatmapCanvas.isDisposed() && overTime.getSelection()) {
						setHeatmap(map);
					}
				});
				return org.eclipse.core.runtime.Status.OK_STATUS;
			}).schedule();
			renderChart();
			return;
		}
		setHeatmap(VarianceHeatmap.of(problemRows(), MAX_COLUMNS));
		renderChart();
	}

	/** Switches the rows between problem groups and time windows of the selected group (the toolbar's check box). */
	public void showOverTime(boolean on) {
		overTime.setSelection(on);
		rebuild();
	}

	/** Shows a heatmap. */
	public void setHeatmap(VarianceHeatmap map) {
		heatmap = map;
		if (painter != null) {
			painter.dispose();
		}
		painter = new HeatmapPainter(heatmapCanvas.getDisplay(), map);
		heatmapCanvas.redraw();
	}

	public VarianceHeatmap heatmap() {
		return heatmap;
	}

	public long lastPaintNanos() {
		return lastPaintNanos;
	}

	void paint(GC gc, Rectangle area) {
		long start = System.nanoTime();
		if (painter == null || painter.isEmpty() && investigation.analysed().isEmpty()) {
			gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_WHITE));
			gc.fillRectangle(area);
			gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
			gc.drawText(Messages.HEATMAP_EMPTY, 10, 10);
		} else {
			painter.paint(gc, area, investigation.group().map(x -> x.group().id()).orElse(""));
		}
		lastPaintNanos = System.nanoTime() - start;
	}

	/**
	 * A click on a column's label: selects that edge in the first row (the group of most variance) whose path takes
	 * it, so the graph, the histogram and the timeline show it.
	 */
	void selectColumn(int column) {
		for (int r = 0; r < heatmap.rowCount(); r++) {
			int position = heatmap.position(r, column);
			if (position >= 0) {
				investigation.selectEdge(heatmap.rowGroup(r), position);
				return;
			}
		}
	}

	/** Where the middle of a column's label is on the canvas, or null when the labels are not shown. */
	public int[] columnLabelCenter(int column) {
		return painter.columnLabelCenter(heatmapCanvas.getClientArea(), column);
	}

	/** Where the middle of a cell is on the heatmap's canvas, {x, y} (a click there selects it). */
	public int[] cellCenter(int row, int column) {
		return painter.cellCenter(heatmapCanvas.getClientArea(), row, column);
	}

	private int[] cellAt(int x, int y) {
		return painter == null ? null : painter.cellAt(heatmapCanvas.getClientArea(), x, y);
	}

	/** The words of a cell's tooltip. */
	public String describe(int row, int column) {
		AnalysisReport.Group g = heatmap.rowGroup(row);
		double s = heatmap.share(row, column);
		return String.format(Locale.ROOT, Messages.HEATMAP_CELL, g.group().id(),
				g.group().requestType(), g.group().count(), g.latency().coefficientOfVariation(),
				heatmap.rows().size() == 1 && heatmap.rowCount() > 1 ? String.format(Locale.ROOT, Messages.HEATMAP_CELL_WINDOW, heatmap.rowLabel(row)) : "",
				heatmap.columns().get(column),
				Double.isNaN(s) ? Messages.HEATMAP_CELL_OFF_PATH : String.format(Locale.ROOT, Messages.HEATMAP_CELL_SHARE, s * 100)
						+ interval(heatmap.interval(row, column)));
	}

	private static String interval(double[] lowHigh) {
		return lowHigh == null ? "" : String.format(Locale.ROOT, Messages.HEATMAP_CELL_INTERVAL, lowHigh[0] * 100, lowHigh[1] * 100);
	}

	private void renderChart() {
		if (chartCanvas.isDisposed()) {
			return;
		}
		showAttributes();
		JFreeChart chart;
		if (boxPlot.getSelection()) {
			java.util.SequencedMap<String, double[]> samples = new java.util.LinkedHashMap<>();
			for (AnalysisReport.Group g : boxPlotGroups()) {
				samples.put(g.group().id() + " " + g.group().requestType(), durations(g));
			}
			chart = Charts.boxPlot(Messages.HEATMAP_BOX_PLOT_TITLE, samples);
		} else {
			var group = investigation.group();
			chart = Charts.histogram(group.map(gr -> String.format(Locale.ROOT, Messages.HEATMAP_HISTOGRAM_TITLE, gr.group().id(), gr.group().requestType()))
					.orElse(Messages.HEATMAP_HISTOGRAM_NO_GROUP), group.map(this::durations).orElse(new double[0]));
		}
		chartCanvas.show(chart);
	}

	/** The selected group's attributes that go with slower requests, or the first problem group's. */
	private void showAttributes() {
		shownAttributes = investigation.group().or(() -> problemRows().stream().findFirst())
				.map(AnalysisReport.Group::attributes).orElse(List.of());
		attributeRows.show(shownAttributes);
	}

	/** The attribute rows beside the heatmap, as shown. */
	public List<AttributeEffect> attributes() {
		return shownAttributes;
	}


	private double[] durations(AnalysisReport.Group g) {
		return investigation.tracesOf(g).stream().mapToDouble(t -> t.duration()).toArray();
	}

	/** The problem groups (all groups when none is a problem), largest variance first. */
	private List<AnalysisReport.Group> problemRows() {
		return investigation.analysed().map(a -> {
			List<AnalysisReport.Group> p = a.report().problemGroups();
			return p.isEmpty() ? a.report().groups() : p;
		}).orElse(List.of());
	}

	private List<AnalysisReport.Group> boxPlotGroups() {
		List<AnalysisReport.Group> rows = problemRows();
		return rows.subList(0, Math.min(rows.size(), MAX_BOXES));
	}

	private String chartName() {
		return boxPlot.getSelection() ? "boxplot" : "histogram";
	}

	/** Shows box plots (true) or the selected group's histogram beside the heatmap (the toolbar's check box). */
	public void showBoxPlot(boolean on) {
		boxPlot.setSelection(on);
		renderChart();
	}

	/** The chart beside the heatmap, as last rendered. */
	public JFreeChart chart() {
		return chartCanvas.chart();
	}

	private interface Export {
		void to(Path file) throws IOException;
	}

	private void export(String suggested, Export export) {
		if (heatmap == null) {
			return;
		}
		FileDialog d = new FileDialog(heatmapCanvas.getShell(), SWT.SAVE);
		d.setFileName(suggested);
		d.setOverwrite(true);
		String file = d.open();
		if (file == null) {
			return;
		}
		try {
			export.to(Path.of(file));
		} catch (IOException | RuntimeException e) {
			MessageDialog.openError(heatmapCanvas.getShell(), Messages.EXPORT_FAILED, String.format(Locale.ROOT, Messages.CANNOT_WRITE, file, e.getMessage()));
		}
	}

	/** Paints the heatmap into an image of the canvas's size and saves it as PNG. */
	public void saveHeatmapPng(Path file) throws IOException {
		Rectangle area = heatmapCanvas.getClientArea();
		Rectangle size = new Rectangle(0, 0, Math.max(area.width, 400), Math.max(area.height, 200));
		Image image = new Image(heatmapCanvas.getDisplay(), size.width, size.height);
		GC gc = new GC(image);
		try {
			paint(gc, size);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file.toString(), SWT.IMAGE_PNG);
		} catch (RuntimeException e) {
			throw new IOException(e.getMessage(), e);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	@Focus
	public void setFocus() {
		heatmapCanvas.setFocus();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
		if (painter != null) {
			painter.dispose();
		}
	}
}
