// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.parts;

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
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

import io.pythia.app.charts.ChartImages;
import io.pythia.app.charts.Charts;
import io.pythia.app.model.Investigation;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.VarianceHeatmap;

/**
 * Problem groups (rows) against critical-path edges (columns), coloured by each edge's share of the group's
 * variance; hovering shows the numbers, clicking a cell opens that edge in the workflow graph. Beside it, the
 * selected group's response-time histogram. Both export to PNG and SVG.
 */
public class VarianceHeatmapPart {

	static final int MAX_COLUMNS = 100;
	private static final int LABELS = 230;
	private static final int HEADER = 18;

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Canvas heatmapCanvas;
	private Canvas chartCanvas;
	private Label hover;
	private VarianceHeatmap heatmap;
	private Image cells;
	private Image chartImage;
	private JFreeChart chart;
	private long lastPaintNanos;

	@Inject
	public VarianceHeatmapPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(2, 2).spacing(2, 2).applyTo(parent);
		Composite bar = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(5).applyTo(bar);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
		button(bar, "Heatmap PNG\u2026", () -> export("heatmap.png", p -> saveHeatmapPng(p)));
		button(bar, "Heatmap SVG\u2026", () -> export("heatmap.svg", p -> {
			try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
				heatmap.writeSvg(w);
			}
		}));
		button(bar, "Histogram PNG\u2026", () -> export("histogram.png", p -> ChartUtils.saveChartAsPNG(p.toFile(), chart, 800, 450)));
		button(bar, "Histogram SVG\u2026", () -> export("histogram.svg", p -> {
			try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
				Charts.writeHistogramSvg(chart, w);
			}
		}));
		hover = new Label(bar, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(hover);
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		heatmapCanvas = new Canvas(sash, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.BORDER);
		heatmapCanvas.addListener(SWT.Paint, e -> paint(e.gc, heatmapCanvas.getClientArea()));
		heatmapCanvas.addListener(SWT.MouseMove, e -> {
			int[] cell = cellAt(e.x, e.y);
			String text = cell == null ? "" : describe(cell[0], cell[1]);
			heatmapCanvas.setToolTipText(text.isEmpty() ? null : text);
			hover.setText(text);
		});
		heatmapCanvas.addListener(SWT.MouseUp, e -> {
			int[] cell = cellAt(e.x, e.y);
			if (cell != null) {
				AnalysisReport.Group g = heatmap.rows().get(cell[0]);
				int position = heatmap.position(cell[0], cell[1]);
				if (position >= 0) {
					investigation.selectEdge(g, position);
				} else {
					investigation.selectGroup(g);
				}
			}
		});
		heatmapCanvas.addListener(SWT.Resize, e -> heatmapCanvas.redraw());
		chartCanvas = new Canvas(sash, SWT.DOUBLE_BUFFERED);
		chartCanvas.addListener(SWT.Paint, e -> {
			if (chartImage != null) {
				e.gc.drawImage(chartImage, 0, 0);
			}
		});
		chartCanvas.addListener(SWT.Resize, e -> renderChart());
		sash.setWeights(65, 35);
		investigation.addListener(listener);
		rebuild();
	}

	private static void button(Composite bar, String text, Runnable action) {
		Button b = new Button(bar, SWT.PUSH);
		b.setText(text);
		b.addListener(SWT.Selection, e -> action.run());
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.ANALYSIS || change == Investigation.Change.GROUP) {
			sync.asyncExec(() -> {
				if (heatmapCanvas.isDisposed()) {
					return;
				}
				if (change == Investigation.Change.ANALYSIS) {
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
		List<AnalysisReport.Group> rows = investigation.analysed().map(a -> {
			List<AnalysisReport.Group> p = a.report().problemGroups();
			return p.isEmpty() ? a.report().groups() : p;
		}).orElse(List.of());
		setHeatmap(VarianceHeatmap.of(rows, MAX_COLUMNS));
		renderChart();
	}

	/** Shows a heatmap (public for the benchmark, which feeds synthetic 500 x 100 ones). */
	public void setHeatmap(VarianceHeatmap map) {
		heatmap = map;
		if (cells != null) {
			cells.dispose();
			cells = null;
		}
		int rows = map.rows().size();
		int cols = map.columns().size();
		if (rows > 0 && cols > 0) {
			// one pixel per cell, scaled up when painted: a repaint is one image blit whatever the size
			ImageData data = new ImageData(cols, rows, 24, new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
			int[] line = new int[cols];
			for (int r = 0; r < rows; r++) {
				for (int c = 0; c < cols; c++) {
					line[c] = VarianceHeatmap.color(map.share(r, c));
				}
				data.setPixels(0, r, cols, line, 0);
			}
			cells = new Image(heatmapCanvas.getDisplay(), data);
		}
		heatmapCanvas.redraw();
	}

	public VarianceHeatmap heatmap() {
		return heatmap;
	}

	public long lastPaintNanos() {
		return lastPaintNanos;
	}

	/** Cell geometry for a client area: {x0, y0, cellWidth, cellHeight} (cell sizes in 1/1000 px). */
	private double[] geometry(Rectangle area) {
		int rows = heatmap.rows().size();
		int cols = heatmap.columns().size();
		double cw = Math.min(40, Math.max(1, (area.width - LABELS - 4) / (double) Math.max(1, cols)));
		double ch = Math.min(22, Math.max(1, (area.height - HEADER - 4) / (double) Math.max(1, rows)));
		return new double[] { LABELS, HEADER, cw, ch };
	}

	void paint(GC gc, Rectangle area) {
		long start = System.nanoTime();
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(area);
		gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		if (heatmap == null || cells == null) {
			gc.drawText(investigation.analysed().isPresent() ? "No request groups to show."
					: "Problem groups against critical-path edges show here once traces are opened.", 10, 10);
			lastPaintNanos = System.nanoTime() - start;
			return;
		}
		int rows = heatmap.rows().size();
		int cols = heatmap.columns().size();
		double[] g = geometry(area);
		int w = (int) Math.round(cols * g[2]);
		int h = (int) Math.round(rows * g[3]);
		gc.setInterpolation(SWT.NONE);
		gc.drawImage(cells, 0, 0, cols, rows, (int) g[0], (int) g[1], w, h);
		gc.drawText(rows + " groups \u00d7 " + cols + " critical-path edges (colour: share of the group's variance)", 4, 1, true);
		if (g[3] >= 12) {
			String selected = investigation.group().map(x -> x.group().id()).orElse("");
			for (int r = 0; r < rows; r++) {
				AnalysisReport.Group row = heatmap.rows().get(r);
				String label = shorten(row.group().requestType(), 22) + " " + row.group().id();
				int y = (int) (g[1] + r * g[3]);
				if (row.group().id().equals(selected)) {
					gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_LIST_SELECTION));
					gc.fillRectangle(0, y, LABELS - 2, (int) g[3]);
				}
				gc.drawText(label, 4, y + (int) (g[3] - 15) / 2, true);
			}
		}
		lastPaintNanos = System.nanoTime() - start;
	}

	private int[] cellAt(int x, int y) {
		if (heatmap == null || cells == null) {
			return null;
		}
		double[] g = geometry(heatmapCanvas.getClientArea());
		int c = (int) Math.floor((x - g[0]) / g[2]);
		int r = (int) Math.floor((y - g[1]) / g[3]);
		if (x < g[0] || y < g[1] || r >= heatmap.rows().size() || c >= heatmap.columns().size()) {
			return null;
		}
		return new int[] { r, c };
	}

	/** The words of a cell's tooltip. */
	public String describe(int row, int column) {
		AnalysisReport.Group g = heatmap.rows().get(row);
		double s = heatmap.share(row, column);
		return String.format(Locale.ROOT, "%s (%s, %d traces, CV %.3f) \u2014 %s: %s", g.group().id(),
				g.group().requestType(), g.group().count(), g.latency().coefficientOfVariation(),
				heatmap.columns().get(column),
				Double.isNaN(s) ? "not on this group's critical path" : String.format(Locale.ROOT, "%.1f%% of variance", s * 100));
	}

	private void renderChart() {
		if (chartCanvas.isDisposed()) {
			return;
		}
		var group = investigation.group();
		double[] samples = group.map(gr -> investigation.tracesOf(gr).stream().mapToDouble(t -> t.duration()).toArray())
				.orElse(new double[0]);
		chart = Charts.histogram(group.map(gr -> "Response times of " + gr.group().id() + " (" + gr.group().requestType() + ")")
				.orElse("Response times (no group selected)"), samples);
		Rectangle area = chartCanvas.getClientArea();
		if (area.width < 10 || area.height < 10) {
			return;
		}
		if (chartImage != null) {
			chartImage.dispose();
		}
		chartImage = new Image(chartCanvas.getDisplay(), ChartImages.toImageData(Charts.image(chart, area.width, area.height)));
		chartCanvas.redraw();
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
			MessageDialog.openError(heatmapCanvas.getShell(), "Export failed", "Cannot write " + file + ": " + e.getMessage());
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

	private static String shorten(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
	}

	@Focus
	public void setFocus() {
		heatmapCanvas.setFocus();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
		if (cells != null) {
			cells.dispose();
		}
		if (chartImage != null) {
			chartImage.dispose();
		}
	}
}
