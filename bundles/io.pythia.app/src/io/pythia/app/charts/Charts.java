// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.data.statistics.HistogramDataset;

/**
 * The JFreeChart charts beside the graph and the heatmap: duration histograms (a group's response times, one
 * critical-path edge's durations). Rendered to images in memory (no AWT window), and exportable as PNG and SVG.
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
		if (ms.length == 0) {
			plot.setNoDataMessage("no kept traces for this selection");
		}
		return chart;
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
		out.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h
				+ "\" font-family=\"sans-serif\" font-size=\"11\">\n");
		String title = chart.getTitle() == null ? "" : chart.getTitle().getText();
		out.write("<text x=\"" + (w / 2) + "\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">" + escape(title) + "</text>\n");
		if (data.getSeriesCount() == 0 || data.getItemCount(0) == 0) {
			out.write("<text x=\"" + (w / 2) + "\" y=\"" + (h / 2) + "\" text-anchor=\"middle\">no data</text>\n</svg>\n");
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

	/** SVG of a histogram (bars) or of a line chart (one polyline per series, with its name). */
	public static void writeSvg(JFreeChart chart, Writer out) throws IOException {
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
		String title = chart.getTitle() == null ? "" : chart.getTitle().getText();
		out.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h
				+ "\" font-family=\"sans-serif\" font-size=\"11\">\n");
		out.write("<text x=\"" + (w / 2) + "\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">" + escape(title) + "</text>\n");
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
