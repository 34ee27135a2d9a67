// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.BoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;

/**
 * The JFreeChart charts beside the graph and the heatmap: duration histograms (a group's response times, one
 * critical-path edge's durations) and box plots (the heatmap's groups side by side). Rendered to images in memory (no AWT window), and exportable as PNG and SVG.
 */
public final class Charts {

	private Charts() {
	}

	/** A histogram of durations given in nanoseconds, drawn in milliseconds. */
	public static JFreeChart histogram(String title, double[] nanos) {
		HistogramDataset data = new HistogramDataset();
		double[] ms = new double[nanos.length];
		for (int i = 0; i < ms.length; i++) {
			ms[i] = nanos[i] / 1e6;
		}
		if (ms.length > 0) {
			data.addSeries("traces", ms, bins(ms.length));
		}
		return histogram(title, data, ms.length == 0);
	}

	/**
	 * A histogram already binned: {@code bins} traces per bin of equal width from {@code lowNanos} to
	 * {@code highNanos} (what a finding keeps in the journal), drawn in milliseconds like {@link #histogram}.
	 */
	public static JFreeChart binnedHistogram(String title, double lowNanos, double highNanos, List<Integer> bins) {
		HistogramDataset data = new HistogramDataset();
		int n = bins.stream().mapToInt(Integer::intValue).sum();
		if (n > 0 && !bins.isEmpty()) {
			double lo = lowNanos / 1e6;
			double hi = Math.max(highNanos / 1e6, lo + 1e-6); // one value: a bin of some width
			double width = (hi - lo) / bins.size();
			double[] ms = new double[n];
			int at = 0;
			for (int b = 0; b < bins.size(); b++) { // each trace at its bin's centre lands in that bin again
				for (int k = 0; k < bins.get(b); k++) {
					ms[at++] = lo + width * (b + 0.5);
				}
			}
			data.addSeries("traces", ms, bins.size(), lo, hi);
		}
		return histogram(title, data, n == 0);
	}

	private static JFreeChart histogram(String title, HistogramDataset data, boolean empty) {
		JFreeChart chart = ChartFactory.createHistogram(title, "milliseconds", "traces", data,
				PlotOrientation.VERTICAL, false, true, false);
		chart.setBackgroundPaint(Color.WHITE);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
		XYPlot plot = chart.getXYPlot();
		plot.setBackgroundPaint(new Color(0xf7, 0xf7, 0xf7));
		plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
		r.setBarPainter(new StandardXYBarPainter());
		r.setShadowVisible(false);
		r.setSeriesPaint(0, new Color(0xd9, 0x5f, 0x02));
		if (empty) {
			plot.setNoDataMessage("no kept traces for this selection");
		}
		return chart;
	}

	/**
	 * Box plots of durations (nanoseconds, drawn in milliseconds), one per named sample: quartiles, median, mean,
	 * whiskers at 1.5 IQR and the outliers beyond them, as JFreeChart computes them.
	 */
	public static JFreeChart boxPlot(String title, java.util.SequencedMap<String, double[]> nanos) {
		DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
		for (var e : nanos.entrySet()) {
			List<Double> ms = new ArrayList<>(e.getValue().length);
			for (double v : e.getValue()) {
				ms.add(v / 1e6);
			}
			if (!ms.isEmpty()) {
				data.add(BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(ms), "response time", e.getKey());
			}
		}
		JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, "request group", "milliseconds", data, false);
		chart.setBackgroundPaint(Color.WHITE);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
		CategoryPlot plot = chart.getCategoryPlot();
		plot.setBackgroundPaint(new Color(0xf7, 0xf7, 0xf7));
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
		BoxAndWhiskerRenderer r = (BoxAndWhiskerRenderer) plot.getRenderer();
		r.setSeriesPaint(0, new Color(0xd9, 0x5f, 0x02));
		r.setMaximumBarWidth(0.12);
		r.setMeanVisible(true);
		if (data.getColumnCount() == 0) {
			plot.setNoDataMessage("no kept traces for these groups");
		}
		return chart;
	}

	/** The SVG element of a w x h chart and its title line. */
	private static void startSvg(Writer out, JFreeChart chart, int w, int h) throws IOException {
		out.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h
				+ "\" font-family=\"sans-serif\" font-size=\"11\">\n");
		String title = chart.getTitle() == null ? "" : chart.getTitle().getText();
		out.write("<text x=\"" + (w / 2) + "\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">" + escape(title) + "</text>\n");
	}

	/** Says there is nothing to draw, and closes the SVG element. */
	private static void endSvgWithoutData(Writer out, int w, int h) throws IOException {
		out.write("<text x=\"" + (w / 2) + "\" y=\"" + (h / 2) + "\" text-anchor=\"middle\">no data</text>\n</svg>\n");
	}

	/** The box plot as SVG, from the chart's dataset: per group a box from Q1 to Q3, the median, whiskers, outliers. */
	public static void writeBoxPlotSvg(JFreeChart chart, Writer out) throws IOException {
		BoxAndWhiskerCategoryDataset data = (BoxAndWhiskerCategoryDataset) chart.getCategoryPlot().getDataset();
		int columns = data.getColumnCount();
		int w = Math.max(640, 60 + 50 * columns);
		int h = 400;
		int left = 70;
		int bottom = 90;
		int top = 30;
		startSvg(out, chart, w, h);
		if (columns == 0) {
			endSvgWithoutData(out, w, h);
			return;
		}
		double min = 0; // the axis starts at zero unless a value is below it
		double max = -Double.MAX_VALUE;
		for (int c = 0; c < columns; c++) {
			for (Number v : new Number[] { data.getMinOutlier(0, c), data.getMinRegularValue(0, c) }) {
				min = v == null ? min : Math.min(min, v.doubleValue());
			}
			for (Number v : new Number[] { data.getMaxOutlier(0, c), data.getMaxRegularValue(0, c) }) {
				max = v == null ? max : Math.max(max, v.doubleValue());
			}
		}
		final double lo = min;
		final double hi = max;
		double span = hi - lo == 0 ? 1 : hi - lo;
		double plotH = h - bottom - top;
		double slot = (w - left - 20.0) / columns;
		java.util.function.DoubleUnaryOperator y = v -> top + plotH - (v - lo) / span * plotH;
		for (int c = 0; c < columns; c++) {
			double cx = left + slot * (c + 0.5);
			double bw = Math.min(40, slot * 0.5);
			double q1 = data.getQ1Value(0, c).doubleValue();
			double q3 = data.getQ3Value(0, c).doubleValue();
			double med = data.getMedianValue(0, c).doubleValue();
			double wLo = data.getMinRegularValue(0, c).doubleValue();
			double wHi = data.getMaxRegularValue(0, c).doubleValue();
			String name = escape(String.valueOf(data.getColumnKey(c)));
			out.write(String.format(Locale.ROOT, "<g><title>%s: median %.3f ms, Q1 %.3f ms, Q3 %.3f ms</title>\n", name, med, q1, q3));
			out.write(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", cx,
					y.applyAsDouble(wLo), cx, y.applyAsDouble(wHi)));
			out.write(String.format(Locale.ROOT,
					"<rect class=\"box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d95f02\" stroke=\"black\"/>\n",
					cx - bw / 2, y.applyAsDouble(q3), bw, Math.max(0.5, y.applyAsDouble(q1) - y.applyAsDouble(q3))));
			out.write(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\" stroke-width=\"2\"/>\n",
					cx - bw / 2, y.applyAsDouble(med), cx + bw / 2, y.applyAsDouble(med)));
			for (Object o : data.getOutliers(0, c)) {
				out.write(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"none\" stroke=\"black\"/>\n", cx,
						y.applyAsDouble(((Number) o).doubleValue())));
			}
			out.write(String.format(Locale.ROOT,
					"</g><text transform=\"translate(%.1f,%d) rotate(45)\">%s</text>\n", cx, h - bottom + 12, name));
		}
		out.write(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left, top,
				left, h - bottom));
		out.write(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3f ms</text>\n", left - 4, top + 4, hi));
		out.write(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3f ms</text>\n", left - 4, h - bottom, lo));
		out.write("</svg>\n");
	}

	private static int bins(int n) {
		return Math.max(5, Math.min(60, (int) Math.ceil(Math.sqrt(n))));
	}

	public static BufferedImage image(JFreeChart chart, int width, int height) {
		return chart.createBufferedImage(Math.max(width, 50), Math.max(height, 50));
	}

	/**
	 * The histogram as SVG: one rectangle per bin, axes in milliseconds. JFreeChart has no SVG output of its own, so
	 * the bars are written from the chart's dataset.
	 */
	public static void writeHistogramSvg(JFreeChart chart, Writer out) throws IOException {
		XYPlot plot = chart.getXYPlot();
		HistogramDataset data = (HistogramDataset) plot.getDataset();
		int w = 640;
		int h = 360;
		int left = 60;
		int bottom = 40;
		startSvg(out, chart, w, h);
		if (data.getSeriesCount() == 0 || data.getItemCount(0) == 0) {
			endSvgWithoutData(out, w, h);
			return;
		}
		int n = data.getItemCount(0);
		double lo = data.getStartXValue(0, 0);
		double hi = data.getEndXValue(0, n - 1);
		double max = 0;
		for (int i = 0; i < n; i++) {
			max = Math.max(max, data.getYValue(0, i));
		}
		double plotW = w - left - 20;
		double plotH = h - bottom - 30;
		for (int i = 0; i < n; i++) {
			double x0 = left + (data.getStartXValue(0, i) - lo) / (hi - lo == 0 ? 1 : hi - lo) * plotW;
			double x1 = left + (data.getEndXValue(0, i) - lo) / (hi - lo == 0 ? 1 : hi - lo) * plotW;
			double bh = max == 0 ? 0 : data.getYValue(0, i) / max * plotH;
			out.write(String.format(Locale.ROOT,
					"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d95f02\"><title>%.3f-%.3f ms: %d traces</title></rect>\n",
					x0, h - bottom - bh, Math.max(0.5, x1 - x0 - 0.5), bh, data.getStartXValue(0, i),
					data.getEndXValue(0, i), (int) data.getYValue(0, i)));
		}
		out.write(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left,
				h - bottom, w - 20, h - bottom));
		out.write(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\">%.3f ms</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3f ms</text>\n", left,
				h - bottom + 16, lo, w - 20, h - bottom + 16, hi));
		out.write(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>\n", left - 4, 34, (int) max));
		out.write("</svg>\n");
	}

	/** Saves a chart by the file's ending: .svg as SVG (histograms and line charts), anything else as PNG. */
	public static void save(JFreeChart chart, java.nio.file.Path file) throws IOException {
		if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
			try (Writer w = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
				writeSvg(chart, w);
			}
		} else {
			org.jfree.chart.ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 450);
		}
	}

	/** SVG of a histogram (bars), a box plot, or a line chart (one polyline per series, with its name). */
	public static void writeSvg(JFreeChart chart, Writer out) throws IOException {
		if (chart.getPlot() instanceof CategoryPlot) {
			writeBoxPlotSvg(chart, out);
			return;
		}
		XYPlot plot = chart.getXYPlot();
		if (plot.getDataset() instanceof HistogramDataset) {
			writeHistogramSvg(chart, out);
			return;
		}
		org.jfree.data.xy.XYDataset data = plot.getDataset();
		int w = 640;
		int h = 360;
		int left = 60;
		int bottom = 40;
		double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = 0;
		for (int s = 0; s < data.getSeriesCount(); s++) {
			for (int i = 0; i < data.getItemCount(s); i++) {
				minX = Math.min(minX, data.getXValue(s, i));
				maxX = Math.max(maxX, data.getXValue(s, i));
				maxY = Math.max(maxY, data.getYValue(s, i));
			}
		}
		startSvg(out, chart, w, h);
		String[] colours = { "#d62728", "#1f3fbf", "#2ca02c", "#9467bd" };
		double plotW = w - left - 20;
		double plotH = h - bottom - 50;
		for (int s = 0; s < data.getSeriesCount(); s++) {
			StringBuilder points = new StringBuilder();
			for (int i = 0; i < data.getItemCount(s); i++) {
				double x = left + (maxX > minX ? (data.getXValue(s, i) - minX) / (maxX - minX) : 0.5) * plotW;
				double y = h - bottom - (maxY > 0 ? data.getYValue(s, i) / maxY : 0) * plotH;
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
			}
			String colour = colours[s % colours.length];
			out.write("<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" + points.toString().strip() + "\"/>\n");
			out.write("<text x=\"" + left + "\" y=\"" + (34 + 14 * s) + "\" fill=\"" + colour + "\">"
					+ escape(String.valueOf(data.getSeriesKey(s))) + "</text>\n");
		}
		out.write(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left,
				h - bottom, w - 20, h - bottom));
		if (maxX >= minX) {
			out.write(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
					left, h - bottom + 16, num(minX), w - 20, h - bottom + 16, num(maxX)));
		}
		out.write(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 4,
				(int) (h - bottom - plotH), num(maxY)));
		out.write("</svg>\n");
	}

	private static String num(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
