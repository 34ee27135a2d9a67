// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pythia.core.trace.Trace;

/**
 * Problem groups against critical-path edges: cell (row, column) is the share of the row's group variance that
 * the column's edge explains, NaN where that edge is not on the group's critical path. Columns are edges by label
 * (tracepoints and event kinds), ordered by the largest share they reach in any row, so the hot spots gather on the
 * left. Plain data for the heatmap view and its SVG export.
 */
public final class VarianceHeatmap {

	private final List<AnalysisReport.Group> rows;
	private final List<String> rowLabels;
	private final List<String> columns;
	private final double[][] shares;
	private final int[][] positions;
	/** The share's 95% interval per cell, or null where there is none (over time, or several edges summed). */
	private final EdgeShare[][] edges;

	private VarianceHeatmap(List<AnalysisReport.Group> rows, List<String> rowLabels, List<String> columns,
			double[][] shares, int[][] positions, EdgeShare[][] edges) {
		this.rows = rows;
		this.rowLabels = rowLabels;
		this.columns = columns;
		this.shares = shares;
		this.positions = positions;
		this.edges = edges;
	}

	/**
	 * One group over time: rows are consecutive time windows (equal numbers of traces, by start time), columns the
	 * group's critical-path edges, and each cell the edge's share of the variance among that window's traces. Shows
	 * whether the variance moved from one edge to another during the recording.
	 *
	 * @param traces the group's traces (same request type and path structure)
	 */
	public static VarianceHeatmap overTime(AnalysisReport.Group group, List<Trace> traces, int windows) {
		// along the representative's path; edges it does not take after those, as the group first met them
		List<EdgeShare> edges = group.edges().stream()
				.sorted(Comparator.comparingInt((EdgeShare e) -> e.position() < 0 ? Integer.MAX_VALUE : e.position())
						.thenComparingInt(EdgeShare::slot))
				.toList();
		List<Trace> sorted = new ArrayList<>(traces);
		sorted.sort(Comparator.comparingLong(t -> t.time(t.rootEvent())));
		int w = Math.max(1, Math.min(windows, sorted.size() / 2));
		List<String> labels = new ArrayList<>();
		double[][] shares = new double[w][edges.size()];
		int[][] positions = new int[w][edges.size()];
		for (int k = 0; k < w; k++) {
			List<Trace> window = sorted.subList(k * sorted.size() / w, (k + 1) * sorted.size() / w);
			Arrays.fill(shares[k], Double.NaN);
			for (int c = 0; c < edges.size(); c++) {
				positions[k][c] = edges.get(c).position();
			}
			if (window.isEmpty()) {
				labels.add("(empty)");
				continue;
			}
			long first = window.get(0).time(window.get(0).rootEvent());
			long last = window.get(window.size() - 1).time(window.get(window.size() - 1).rootEvent());
			labels.add(String.format(Locale.ROOT, "+%.1f s .. +%.1f s (%d)", (first - sorted.get(0).time(sorted.get(0).rootEvent())) / 1e9,
					(last - sorted.get(0).time(sorted.get(0).rootEvent())) / 1e9, window.size()));
			// the same decomposition as the group's, within the window: Cov(edge, T) / Var(T)
			int n = window.size();
			double[] total = new double[n];
			double[][] x = new double[edges.size()][n];
			for (int i = 0; i < n; i++) {
				CriticalPath p = CriticalPath.of(window.get(i));
				total[i] = p.duration();
				double[] values = group.group().contributions(p);
				for (int c = 0; c < edges.size(); c++) {
					int slot = edges.get(c).slot();
					x[c][i] = slot < values.length ? values[slot] : 0;
				}
			}
			double meanT = Arrays.stream(total).average().orElse(0);
			double varT = 0;
			for (double t : total) {
				varT += (t - meanT) * (t - meanT);
			}
			for (int c = 0; c < edges.size(); c++) {
				double meanX = Arrays.stream(x[c]).average().orElse(0);
				double co = 0;
				for (int i = 0; i < n; i++) {
					co += (x[c][i] - meanX) * (total[i] - meanT);
				}
				shares[k][c] = varT > 0 ? co / varT : 0;
			}
		}
		return new VarianceHeatmap(List.of(group), List.copyOf(labels), edges.stream().map(EdgeShare::label).toList(),
				shares, positions, new EdgeShare[w][edges.size()]);
	}

	/**
	 * @param groups     the rows, in order (normally the problem groups, largest variance first)
	 * @param maxColumns at most this many edges, the strongest ones
	 */
	public static VarianceHeatmap of(List<AnalysisReport.Group> groups, int maxColumns) {
		Map<String, Double> strongest = new HashMap<>();
		for (AnalysisReport.Group g : groups) {
			for (EdgeShare e : g.edges()) {
				strongest.merge(e.label(), Math.abs(e.share()), Math::max);
			}
		}
		List<String> columns = new ArrayList<>(strongest.keySet());
		columns.sort(Comparator.comparingDouble((String c) -> -strongest.get(c)).thenComparing(c -> c));
		if (columns.size() > maxColumns) {
			columns = new ArrayList<>(columns.subList(0, maxColumns));
		}
		Map<String, Integer> columnOf = new LinkedHashMap<>();
		for (int c = 0; c < columns.size(); c++) {
			columnOf.put(columns.get(c), c);
		}
		double[][] shares = new double[groups.size()][columns.size()];
		int[][] positions = new int[groups.size()][columns.size()];
		EdgeShare[][] edges = new EdgeShare[groups.size()][columns.size()];
		for (int r = 0; r < groups.size(); r++) {
			Arrays.fill(shares[r], Double.NaN);
			Arrays.fill(positions[r], -1);
			for (EdgeShare e : groups.get(r).edges()) {
				Integer c = columnOf.get(e.label());
				if (c == null) {
					continue;
				}
				// a path that passes the same edge twice: the shares add up, the first position opens in the graph
				edges[r][c] = Double.isNaN(shares[r][c]) ? e : null;
				shares[r][c] = Double.isNaN(shares[r][c]) ? e.share() : shares[r][c] + e.share();
				if (e.position() >= 0 && (positions[r][c] < 0 || e.position() < positions[r][c])) {
					positions[r][c] = e.position();
				}
			}
		}
		List<String> labels = groups.stream().map(g -> shorten(g.group().requestType(), 22) + " " + g.group().id()).toList();
		return new VarianceHeatmap(List.copyOf(groups), labels, List.copyOf(columns), shares, positions, edges);
	}

	/** The groups shown: one per row, or the single group of a heatmap over time. */
	public List<AnalysisReport.Group> rows() {
		return rows;
	}

	public int rowCount() {
		return rowLabels.size();
	}

	/** A row's label: request type and group id, or the time window and its trace count. */
	public String rowLabel(int row) {
		return rowLabels.get(row);
	}

	/** The group of a row. */
	public AnalysisReport.Group rowGroup(int row) {
		return rows.size() == 1 ? rows.get(0) : rows.get(row);
	}

	/** Edge labels, as {@link EdgeShare#label()}. */
	public List<String> columns() {
		return columns;
	}

	/**
	 * A column's label to print above it, at most {@code max} characters: a span's own time (its start to its end)
	 * is the span's tracepoint, another edge "from → to" (with the event kinds when both ends are one
	 * tracepoint); a long tracepoint keeps its service and the end of its name ("storage-2:…execute.work").
	 */
	public String columnLabel(int column, int max) {
		String label = columns.get(column);
		int arrow = label.indexOf(" -> ");
		if (arrow < 0) {
			return shortTracepoint(label, max);
		}
		String from = label.substring(0, arrow);
		String to = label.substring(arrow + 4);
		int f = from.lastIndexOf(' ');
		int t = to.lastIndexOf(' ');
		if (f < 0 || t < 0) {
			return shortTracepoint(label, max);
		}
		String fromTp = from.substring(0, f);
		String toTp = to.substring(0, t);
		String fromKind = from.substring(f + 1);
		String toKind = to.substring(t + 1);
		if (fromTp.equals(toTp)) {
			if (fromKind.equals("start") && toKind.equals("end")) {
				return shortTracepoint(fromTp, max);
			}
			String kinds = " (" + fromKind + "\u2192" + toKind + ")";
			return shortTracepoint(fromTp, Math.max(8, max - kinds.length())) + kinds;
		}
		int half = Math.max(6, (max - 3) / 2);
		return shortTracepoint(fromTp, half) + " \u2192 " + shortTracepoint(toTp, half);
	}

	/** "service:name" cut to {@code max} characters in the middle of the name, so both ends stay readable. */
	public static String shortTracepoint(String tp, int max) {
		if (tp.length() <= max) {
			return tp;
		}
		int colon = tp.indexOf(':');
		String service = colon > 0 && colon < max / 2 ? tp.substring(0, colon + 1) : "";
		int tail = max - service.length() - 1;
		if (tail <= 0) {
			return shorten(tp, max);
		}
		String end = tp.substring(tp.length() - tail);
		// start the end at a word of the name ("execute.work", not "xecute.work") if that keeps most of it
		for (int i = 0; i < end.length() / 2; i++) {
			if (".:/_-".indexOf(end.charAt(i)) >= 0) {
				end = end.substring(i + 1);
				break;
			}
		}
		return service + "\u2026" + end;
	}

	/** Share of the row group's variance explained by the column's edge; NaN when the edge is not on its path. */
	public double share(int row, int column) {
		return shares[row][column];
	}

	/**
	 * The 95% interval of a cell's share as {low, high}, or null where the heatmap has none: over time, off the
	 * path, or where a path passes the same edge twice and the cell is the sum of two shares.
	 */
	public double[] interval(int row, int column) {
		EdgeShare e = edges[row][column];
		return e == null || Double.isInfinite(e.shareLow()) ? null : new double[] { e.shareLow(), e.shareHigh() };
	}

	/** Critical-path position of the column's edge in the row's group, or -1. */
	public int position(int row, int column) {
		return positions[row][column];
	}

	/** The heatmap as a standalone SVG document: one rectangle per cell, with row and column labels. */
	public void writeSvg(Appendable out) throws IOException {
		int cell = 18;
		int left = 260;
		int top = 200;
		int width = left + columns.size() * cell + 20;
		int height = top + rowLabels.size() * cell + 20;
		out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Integer.toString(width))
				.append("\" height=\"").append(Integer.toString(height)).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
		out.append("<title>Variance heatmap: ").append(Integer.toString(rowLabels.size())).append(" rows x ")
				.append(Integer.toString(columns.size())).append(" critical-path edges</title>\n");
		// the legend: the colour of a share from -100% (blue) through 0 (white) to 100% (dark red), and off the path
		out.append("<text x=\"4\" y=\"14\">share of the group's variance</text>\n");
		for (int i = 0; i <= 20; i++) {
			double share = -1 + i * 0.1;
			out.append("<rect x=\"").append(Integer.toString(4 + i * 8)).append("\" y=\"20\" width=\"8\" height=\"10\" fill=\"")
					.append(hex(color(share))).append("\"/>\n");
		}
		out.append("<text x=\"4\" y=\"42\">-100%</text><text x=\"80\" y=\"42\">0</text><text x=\"150\" y=\"42\">100%</text>\n");
		out.append("<rect x=\"190\" y=\"20\" width=\"8\" height=\"10\" fill=\"#eeeeee\"/><text x=\"202\" y=\"29\">off the path</text>\n");
		for (int c = 0; c < columns.size(); c++) {
			int x = left + c * cell + cell / 2;
			out.append("<text transform=\"translate(").append(Integer.toString(x)).append(',')
					.append(Integer.toString(top - 4)).append(") rotate(-60)\"><title>").append(escape(columns.get(c)))
					.append("</title>").append(escape(columnLabel(c, 40))).append("</text>\n");
		}
		for (int r = 0; r < rowLabels.size(); r++) {
			RequestGroup g = rowGroup(r).group();
			int y = top + r * cell;
			out.append("<text x=\"4\" y=\"").append(Integer.toString(y + cell - 5)).append("\">")
					.append(escape(rowLabels.get(r))).append("</text>\n");
			for (int c = 0; c < columns.size(); c++) {
				double s = shares[r][c];
				out.append("<rect x=\"").append(Integer.toString(left + c * cell)).append("\" y=\"")
						.append(Integer.toString(y)).append("\" width=\"").append(Integer.toString(cell - 1))
						.append("\" height=\"").append(Integer.toString(cell - 1)).append("\" fill=\"")
						.append(Double.isNaN(s) ? "#eeeeee" : hex(color(s))).append("\"><title>")
						.append(escape(g.id() + " / " + columns.get(c) + ": "
								+ (Double.isNaN(s) ? "not on the critical path" : String.format(Locale.ROOT, "%.1f%% of variance", s * 100))))
						.append("</title></rect>\n");
			}
		}
		out.append("</svg>\n");
	}

	/**
	 * Colour of a share as 0xRRGGBB: white at 0 through yellow and orange to dark red at 1; negative shares (edges
	 * that move against the response time) in blue.
	 */
	public static int color(double share) {
		if (Double.isNaN(share)) {
			return 0xeeeeee;
		}
		double s = Math.max(-1, Math.min(1, share));
		if (s < 0) {
			int v = (int) Math.round(255 * (1 + s * 0.6));
			return (v << 16) | (v << 8) | 0xff;
		}
		// white -> yellow -> orange -> red -> dark red
		double[][] stops = { { 0, 255, 255, 255 }, { 0.15, 255, 237, 160 }, { 0.35, 254, 178, 76 },
				{ 0.6, 240, 59, 32 }, { 1, 128, 0, 38 } };
		for (int i = 1; i < stops.length; i++) {
			if (s <= stops[i][0]) {
				double t = (s - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);
				int r = (int) Math.round(stops[i - 1][1] + t * (stops[i][1] - stops[i - 1][1]));
				int g = (int) Math.round(stops[i - 1][2] + t * (stops[i][2] - stops[i - 1][2]));
				int b = (int) Math.round(stops[i - 1][3] + t * (stops[i][3] - stops[i - 1][3]));
				return (r << 16) | (g << 8) | b;
			}
		}
		return 0x800026;
	}

	private static String hex(int rgb) {
		return String.format("#%06x", rgb);
	}

	static String shorten(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
