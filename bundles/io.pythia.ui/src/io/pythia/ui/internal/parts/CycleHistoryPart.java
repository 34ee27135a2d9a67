// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.pythia.ui.internal.charts.ChartImages;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;

/**
 * One row per cycle of the live session (time, traces, problem groups, top edge and its share, toggles pushed,
 * stopping condition), and a chart of the share of tracepoints enabled and the top group's CV over the cycles.
 */
public class CycleHistoryPart {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Table table;
	private Rows<LiveInvestigation.CycleRow> tableRows;
	private Canvas chart;
	private Image chartImage;
	private JFreeChart cycleChart;
	private List<LiveInvestigation.CycleRow> rows = List.of();

	@Inject
	public CycleHistoryPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		Composite bar = Widgets.bar(parent, 1);
		Widgets.button(bar, Messages.EXPORT_CHART, Messages.HISTORY_EXPORT_CHART_TIP,
				() -> Widgets.exportChart(parent.getShell(), cycleChart, "cycles"));
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		table = Widgets.table(sash, SWT.SINGLE, Messages.HISTORY_COLUMN_CYCLE, 50, Messages.HISTORY_COLUMN_TIME, 70, Messages.HISTORY_COLUMN_TRACES, -90, Messages.HISTORY_COLUMN_PROBLEM_GROUPS, -100, Messages.HISTORY_COLUMN_TOP_EDGE, 300,
				Messages.HISTORY_COLUMN_SHARE, -60, Messages.HISTORY_COLUMN_TOP_CV, -60, Messages.HISTORY_COLUMN_ENABLED, -90, "+ / \u2212", 60, Messages.HISTORY_COLUMN_STOP, 240);
		tableRows = new Rows<>(table, CycleHistoryPart::cells);
		chart = new Canvas(sash, SWT.DOUBLE_BUFFERED);
		chart.addListener(SWT.Paint, e -> {
			if (chartImage != null) {
				e.gc.drawImage(chartImage, 0, 0);
			}
		});
		chart.addListener(SWT.Resize, e -> renderChart());
		sash.setWeights(65, 35);
		investigation.addListener(listener);
		rows = investigation.live().map(l -> l.snapshot().history()).orElse(List.of());
		refresh();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.LIVE) {
			// the history reads the engine's journal records: off the UI thread, then shown
			List<LiveInvestigation.CycleRow> fresh = investigation.live().map(l -> l.snapshot().history()).orElse(List.of());
			sync.asyncExec(() -> {
				if (!table.isDisposed()) {
					rows = fresh;
					refresh();
				}
			});
		}
	}

	private void refresh() {
		tableRows.show(rows);
		renderChart();
	}

	private static String[] cells(LiveInvestigation.CycleRow r) {
		return new String[] { Integer.toString(r.cycle()), TIME.format(Instant.ofEpochMilli(r.timeMillis())),
				// a cycle's own window, then what was pooled from earlier windows of the same instrumentation
				r.traces() < 0 ? "" : r.earlierTraces() == 0 ? Integer.toString(r.traces())
						: (r.traces() - r.earlierTraces()) + " + " + r.earlierTraces(), r.problemGroups() < 0 ? "" : Integer.toString(r.problemGroups()),
				r.topEdge(),
				r.topEdge().isEmpty() ? "" : String.format(Locale.ROOT, "%.0f%%", r.topShare() * 100),
				r.traces() < 0 ? "" : String.format(Locale.ROOT, "%.3f", r.topCv()),
				String.format(Locale.ROOT, "%d (%.1f%%)", r.enabledNow(), r.enabledFraction() * 100),
				"+" + r.enabled() + " / \u2212" + r.disabled(), r.stop() };
	}

	private void renderChart() {
		Rectangle area = chart.getClientArea();
		if (area.width < 20 || area.height < 20) {
			return;
		}
		XYSeries enabled = new XYSeries(Messages.HISTORY_SERIES_ENABLED);
		XYSeries cv = new XYSeries(Messages.HISTORY_SERIES_CV);
		for (LiveInvestigation.CycleRow r : rows) {
			enabled.add(r.cycle(), r.enabledFraction() * 100);
			cv.add(r.cycle(), r.topCv() * 100);
		}
		XYSeriesCollection data = new XYSeriesCollection();
		data.addSeries(enabled);
		data.addSeries(cv);
		JFreeChart c = ChartFactory.createXYLineChart(Messages.HISTORY_CHART_TITLE, "cycle", "", data, PlotOrientation.VERTICAL, true, true, false);
		c.setBackgroundPaint(Color.WHITE);
		c.getXYPlot().setBackgroundPaint(new Color(0xf7, 0xf7, 0xf7));
		((org.jfree.chart.axis.NumberAxis) c.getXYPlot().getDomainAxis())
				.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
		c.getXYPlot().getRenderer().setSeriesStroke(0, new BasicStroke(2f));
		c.getXYPlot().getRenderer().setSeriesStroke(1, new BasicStroke(2f));
		if (rows.isEmpty()) {
			c.getXYPlot().setNoDataMessage(Messages.HISTORY_NO_CYCLES);
		}
		cycleChart = c;
		if (chartImage != null) {
			chartImage.dispose();
		}
		chartImage = new Image(chart.getDisplay(), ChartImages.toImageData(c.createBufferedImage(area.width, area.height)));
		chart.redraw();
	}

	/** The chart of the last rendering, or null before the first. */
	public JFreeChart cycleChart() {
		return cycleChart;
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
		if (chartImage != null) {
			chartImage.dispose();
		}
	}
}
