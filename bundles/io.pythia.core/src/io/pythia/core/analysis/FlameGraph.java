// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.trace.Trace;

/**
 * Where a request group's critical-path time goes, aggregated over its traces by calling context (CRISP's and Trace
 * Compass's view of many traces at once). A frame is a span's tracepoint under the chain of tracepoints that called
 * it; its value in a trace is the time the trace's critical path spends in that span and below it (from its
 * {@link SpanTimeline} segments), 0 where the trace does not run it. A frame's width is its mean value, and its
 * colour its share of the group's response-time variance, Cov(value, T) / Var(T): the root's is 1, and the
 * children's shares add up to their parent's less the parent's own part. No group statistics are needed: the
 * frames are summed from the traces given.
 *
 * @param traces the traces aggregated
 * @param root   the frame of the whole request (all top-level spans under it)
 */
public record FlameGraph(int traces, Frame root) {

	/**
	 * A calling context.
	 *
	 * @param name          the span's tracepoint ("" for the root)
	 * @param meanNanos     mean critical-path time in it and below it
	 * @param selfNanos     mean critical-path time in it but in none of its children
	 * @param varianceShare Cov(its time, response time) / Var(response time); NaN when the group has no variance
	 * @param children      by mean time, largest first
	 */
	public record Frame(String name, double meanNanos, double selfNanos, double varianceShare, int depth,
			List<Frame> children) {

		/** Frames under it, depth first (itself first). */
		public List<Frame> flatten() {
			List<Frame> out = new ArrayList<>();
			ArrayList<Frame> stack = new ArrayList<>(List.of(this));
			while (!stack.isEmpty()) {
				Frame f = stack.remove(stack.size() - 1);
				out.add(f);
				for (int i = f.children.size() - 1; i >= 0; i--) {
					stack.add(f.children.get(i));
				}
			}
			return out;
		}
	}

	/**
	 * The differential flame graph against a baseline's (Trace Compass's comparison of two selections): for each of
	 * this graph's frames, its mean time now less its mean time in the baseline, frames matched by calling context
	 * (the chain of tracepoints from the root). A frame the baseline lacks changed by all of its time. Frames only
	 * the baseline has are not drawn, as in Gregg's differential flame graphs: the shape is today's.
	 *
	 * @return the change in ns of every frame, by identity
	 */
	public java.util.Map<Frame, Double> changesFrom(FlameGraph baseline) {
		java.util.Map<Frame, Double> out = new java.util.IdentityHashMap<>();
		change(root, baseline == null ? null : baseline.root(), out);
		return out;
	}

	private static void change(Frame now, Frame then, java.util.Map<Frame, Double> out) {
		out.put(now, now.meanNanos() - (then == null ? 0 : then.meanNanos()));
		Map<String, Frame> before = new java.util.HashMap<>();
		if (then != null) {
			for (Frame c : then.children()) {
				before.put(c.name(), c);
			}
		}
		for (Frame c : now.children()) {
			change(c, before.get(c.name()), out);
		}
	}

	/**
	 * The colour of a change: red for slower, blue for faster, from white at no change to full at {@code scale}
	 * (the largest change shown) and beyond.
	 */
	public static int changeColor(double deltaNanos, double scale) {
		double t = scale > 0 ? Math.min(1, Math.abs(deltaNanos) / scale) : 0;
		int full = deltaNanos >= 0 ? 0xd7301f : 0x2166ac;
		int r = (int) Math.round(255 + t * (((full >> 16) & 0xff) - 255));
		int g = (int) Math.round(255 + t * (((full >> 8) & 0xff) - 255));
		int b = (int) Math.round(255 + t * ((full & 0xff) - 255));
		return (r << 16) | (g << 8) | b;
	}

	/**
	 * The flame graph from {@code top} down as a standalone SVG document {@code width} pixels wide: a rectangle per
	 * frame as wide as its mean time, coloured by its share of the variance as the heatmap colours shares, its
	 * numbers in its title.
	 */
	public void writeSvg(Appendable out, Frame top, int width) throws java.io.IOException {
		writeSvg(out, top, width, null);
	}

	/**
	 * The same, differential: with {@code changes} (from {@link #changesFrom}) a frame is coloured by its change
	 * against the baseline, red slower and blue faster, and its title says by how much.
	 */
	public void writeSvg(Appendable out, Frame top, int width, java.util.Map<Frame, Double> changes)
			throws java.io.IOException {
		int row = 18;
		List<Frame> all = top.flatten();
		int depth = all.stream().mapToInt(Frame::depth).max().orElse(top.depth()) - top.depth() + 1;
		out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Integer.toString(width))
				.append("\" height=\"").append(Integer.toString(depth * row + 24))
				.append("\" font-family=\"sans-serif\" font-size=\"11\">\n<title>Flame graph of ")
				.append(Integer.toString(traces)).append(" traces: critical-path time by calling context")
				.append(changes == null ? "" : ", coloured by the change from the baseline").append("</title>\n");
		double scale = changes == null ? 0 : largestChange(changes);
		svgFrame(out, top, 0, width, top.depth(), row, top.meanNanos(), changes, scale);
		out.append("</svg>\n");
	}

	/** The largest change of any frame but the root (whose change is the sum of the others'), at least 1 ns. */
	public static double largestChange(java.util.Map<Frame, Double> changes) {
		double max = 1;
		for (var e : changes.entrySet()) {
			if (!e.getKey().name().isEmpty()) {
				max = Math.max(max, Math.abs(e.getValue()));
			}
		}
		return max;
	}

	private static void svgFrame(Appendable out, Frame f, double x, double w, int top, int row, double topMean,
			java.util.Map<Frame, Double> changes, double scale) throws java.io.IOException {
		if (w < 0.5) {
			return;
		}
		int y = 20 + (f.depth() - top) * row;
		String name = f.name().isEmpty() ? "all requests" : f.name();
		Double change = changes == null ? null : changes.get(f);
		out.append(String.format(java.util.Locale.ROOT,
				"<g><title>%s: %.3f ms on the critical path (%.3f ms its own), %.1f%% of the variance%s</title>"
						+ "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#%06x\" stroke=\"#ffffff\"/>",
				escape(name), f.meanNanos() / 1e6, f.selfNanos() / 1e6, f.varianceShare() * 100,
				change == null ? "" : String.format(java.util.Locale.ROOT, "; %+.3f ms against the baseline", change / 1e6),
				x, y, w, row - 1, change != null ? changeColor(change, scale) : VarianceHeatmap.color(f.varianceShare())));
		if (w > 40) {
			out.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, y + 12,
					escape(VarianceHeatmap.shortTracepoint(name, (int) (w / 7)))));
		}
		out.append("</g>\n");
		double cx = x;
		for (Frame c : f.children()) {
			double cw = topMean > 0 ? w * c.meanNanos() / Math.max(1e-9, f.meanNanos()) : 0;
			svgFrame(out, c, cx, cw, top, row, topMean, changes, scale);
			cx += cw;
		}
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** Sums per calling context over the traces, then the means and covariances. */
	private static final class Node {
		final String name;
		final Map<String, Node> children = new LinkedHashMap<>();
		double sum;
		double sumSelf;
		double sumProduct; // Σ value · T
		/** This trace's value so far, and the trace it is for (so a node counts once per trace). */
		double current;
		double currentSelf;
		int touched = -1;

		Node(String name) {
			this.name = name;
		}
	}

	/** The flame graph of these traces (of one group, for the variance shares to mean something). */
	public static FlameGraph of(List<Trace> traces) {
		Node root = new Node("");
		double sumT = 0;
		double sumT2 = 0;
		List<Node> touched = new ArrayList<>();
		for (int t = 0; t < traces.size(); t++) {
			SpanTimeline timeline = SpanTimeline.of(traces.get(t));
			// each row's node: its parent's node and its own tracepoint
			Node[] nodeOf = new Node[timeline.rows().size()];
			for (int r = 0; r < nodeOf.length; r++) {
				SpanTimeline.Row row = timeline.rows().get(r);
				Node parent = row.parent() < 0 ? root : nodeOf[row.parent()];
				nodeOf[r] = parent.children.computeIfAbsent(row.label(), Node::new);
			}
			touched.clear();
			double total = 0;
			for (SpanTimeline.Segment s : timeline.segments()) {
				double d = s.end() - s.start();
				total += d;
				Node self = s.row() < 0 ? root : nodeOf[s.row()];
				note(self, t, touched).currentSelf += d;
				// the segment counts in its span and in every span above it
				for (int r = s.row(); r >= 0; r = timeline.rows().get(r).parent()) {
					note(nodeOf[r], t, touched).current += d;
				}
			}
			note(root, t, touched).current += total;
			for (Node n : touched) {
				n.sum += n.current;
				n.sumSelf += n.currentSelf;
				n.sumProduct += n.current * total;
			}
			sumT += total;
			sumT2 += total * total;
		}
		int n = traces.size();
		double meanT = n > 0 ? sumT / n : 0;
		double varT = n > 0 ? sumT2 / n - meanT * meanT : 0;
		return new FlameGraph(n, frame(root, n, meanT, varT, 0));
	}

	private static Node note(Node node, int trace, List<Node> touched) {
		if (node.touched != trace) {
			node.touched = trace;
			node.current = 0;
			node.currentSelf = 0;
			touched.add(node);
		}
		return node;
	}

	private static Frame frame(Node node, int n, double meanT, double varT, int depth) {
		List<Frame> children = new ArrayList<>();
		for (Node c : node.children.values()) {
			children.add(frame(c, n, meanT, varT, depth + 1));
		}
		children.sort(Comparator.comparingDouble(Frame::meanNanos).reversed().thenComparing(Frame::name));
		double mean = n > 0 ? node.sum / n : 0;
		// Cov(X, T) = E[XT] - E[X]E[T] (population, as the groups' decomposition)
		double share = varT > 0 ? (node.sumProduct / n - mean * meanT) / varT : Double.NaN;
		return new Frame(node.name, mean, n > 0 ? node.sumSelf / n : 0, share, depth, List.copyOf(children));
	}
}
