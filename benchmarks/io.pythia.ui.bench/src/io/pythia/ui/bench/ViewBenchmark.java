// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

import io.pythia.ui.internal.charts.HeatmapPainter;
import io.pythia.ui.internal.charts.TimelinePainter;
import io.pythia.ui.internal.graph.GraphLayout;
import io.pythia.ui.internal.graph.GraphPainter;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.SpanTimeline;
import io.pythia.core.analysis.VarianceHeatmap;
import io.pythia.core.analysis.WorkflowGraph;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;

/**
 * {@code ./pythia bench ui}: what the views cost on big inputs, with the code the views run. Workflow graph: from a
 * trace to a laid-out graph painted whole (fit) into a window-sized image, for 1,000 and 10,000 events. Heatmap:
 * repaint of 500 groups x 100 edges. Span timeline: from a trace to its rows painted, and a repaint after a scroll
 * and zoom, for 10,000 and 100,000 events; and the graph's quick first picture of 100,000 events. Medians of
 * several runs after a warm-up; needs a display (Xvfb will do).
 */
public final class ViewBenchmark {

	/** Runs before the measured ones, as JMH does, so the medians are of compiled code; the first is shown too. */
	private static final int WARMUP = 3;

	private ViewBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		Display display = new Display();
		try {
			System.out.printf(Locale.ROOT, "Pythia view benchmark: Java %s, %d cores, medians of %d runs after %d warm-up runs%n",
					System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), runs, WARMUP);
			for (int events : new int[] { 1_000, 10_000 }) {
				graph(display, events, runs);
			}
			heatmap(display, 500, 100, Math.max(runs, 20));
			for (int events : new int[] { 10_000, 100_000 }) {
				timeline(display, events, runs);
			}
			quickGraph(display, 100_000, runs);
		} finally {
			display.dispose();
		}
	}

	private static void graph(Display display, int events, int runs) throws TraceFormatException {
		Trace trace = tree(events, new Random(events));
		Rectangle area = new Rectangle(0, 0, 1400, 800);
		double[] total = new double[runs];
		double[] layout = new double[runs];
		double[] paint = new double[runs];
		double first = 0;
		for (int r = -WARMUP; r < runs; r++) {
			long t0 = System.nanoTime();
			WorkflowGraph graph = WorkflowGraph.of(trace);
			GraphLayout.Laid laid = GraphLayout.layout(graph);
			long t1 = System.nanoTime();
			Image image = new Image(display, area.width, area.height);
			GC gc = new GC(image);
			double[] fit = GraphPainter.fit(laid, area);
			GraphPainter.paint(gc, area, laid, fit[0], fit[1], fit[2], -1);
			image.getImageData(); // wait until the pixels are really there
			long t2 = System.nanoTime();
			gc.dispose();
			image.dispose();
			if (r == -WARMUP) {
				first = (t2 - t0) / 1e6;
			}
			if (r >= 0) {
				total[r] = (t2 - t0) / 1e6;
				layout[r] = (t1 - t0) / 1e6;
				paint[r] = (t2 - t1) / 1e6;
			}
		}
		System.out.printf(Locale.ROOT,
				"workflow graph, %,6d events: open to painted %7.1f ms (model + ELK layout %7.1f ms, paint %6.1f ms);"
						+ " first time in this JVM %7.1f ms%n",
				trace.size(), median(total), median(layout), median(paint), first);
		System.out.printf(Locale.ROOT, "workflow graph, %,6d events: open to first picture (quick placement) %6.1f ms%n",
				trace.size(), quickPicture(display, trace, runs));
	}

	/** Span timeline: from a trace to its rows and critical path, painted into a window-sized image. */
	private static void timeline(Display display, int events, int runs) throws TraceFormatException {
		Trace trace = tree(events, new Random(events));
		Rectangle area = new Rectangle(0, 0, 1400, 800);
		double[] total = new double[runs];
		double[] model = new double[runs];
		double[] scroll = new double[runs];
		for (int r = -WARMUP; r < runs; r++) {
			long t0 = System.nanoTime();
			SpanTimeline t = SpanTimeline.of(trace);
			int[] visible = t.visibleRows(java.util.Set.of());
			long t1 = System.nanoTime();
			Image image = new Image(display, area.width, area.height);
			GC gc = new GC(image);
			TimelinePainter.paint(gc, area, t, visible, 0, 0, t.end() - t.start(), java.util.Set.of(), java.util.Set.of(), -1);
			image.getImageData();
			long t2 = System.nanoTime();
			// a scroll to the middle and a zoom in: another repaint
			TimelinePainter.paint(gc, area, t, visible, visible.length / 2, (t.end() - t.start()) * 0.4,
					(t.end() - t.start()) * 0.45, java.util.Set.of(), java.util.Set.of(), -1);
			image.getImageData();
			long t3 = System.nanoTime();
			gc.dispose();
			image.dispose();
			if (r >= 0) {
				total[r] = (t2 - t0) / 1e6;
				model[r] = (t1 - t0) / 1e6;
				scroll[r] = (t3 - t2) / 1e6;
			}
		}
		System.out.printf(Locale.ROOT,
				"timeline, %,d events: open to painted %.1f ms (rows and critical path %.1f ms); scroll and zoom repaint %.1f ms%n",
				trace.size(), median(total), median(model), median(scroll));
	}

	/** The workflow graph's first picture (quick placement, before ELK) of a big trace. */
	private static void quickGraph(Display display, int events, int runs) throws TraceFormatException {
		Trace trace = tree(events, new Random(events));
		// above 2,000 events the view paints this placement first, and ELK's replaces it when it lands
		System.out.printf(Locale.ROOT, "workflow graph, %,d events: open to painted %.1f ms (quick placement, shown first)%n",
				trace.size(), quickPicture(display, trace, runs));
	}

	/** Median ms from a trace to its quick placement painted whole into a window-sized image. */
	private static double quickPicture(Display display, Trace trace, int runs) {
		Rectangle area = new Rectangle(0, 0, 1400, 800);
		double[] quick = new double[runs];
		for (int r = -WARMUP; r < runs; r++) {
			long t0 = System.nanoTime();
			GraphLayout.Laid laid = GraphLayout.quick(WorkflowGraph.of(trace));
			Image image = new Image(display, area.width, area.height);
			GC gc = new GC(image);
			double[] fit = GraphPainter.fit(laid, area);
			GraphPainter.paint(gc, area, laid, fit[0], fit[1], fit[2], -1);
			image.getImageData();
			gc.dispose();
			image.dispose();
			if (r >= 0) {
				quick[r] = (System.nanoTime() - t0) / 1e6;
			}
		}
		return median(quick);
	}

	private static void heatmap(Display display, int groups, int edges, int runs) throws TraceFormatException {
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		Random random = new Random(7);
		Interner interner = new Interner();
		for (int g = 0; g < groups; g++) {
			for (int k = 0; k < 4; k++) {
				analysis.accept(chain("type-" + g, edges / 2, random, interner));
			}
		}
		AnalysisReport report = analysis.report();
		VarianceHeatmap map = VarianceHeatmap.of(report.groups(), edges);
		Rectangle area = new Rectangle(0, 0, 1200, 800);
		HeatmapPainter painter = new HeatmapPainter(display, map);
		Image image = new Image(display, area.width, area.height);
		GC gc = new GC(image);
		double[] t = new double[runs];
		for (int r = -3; r < runs; r++) {
			long t0 = System.nanoTime();
			painter.paint(gc, area, "");
			image.getImageData();
			if (r >= 0) {
				t[r] = (System.nanoTime() - t0) / 1e6;
			}
		}
		gc.dispose();
		image.dispose();
		painter.dispose();
		System.out.printf(Locale.ROOT, "variance heatmap, %d groups x %d edges: repaint %.2f ms%n", map.rows().size(),
				map.columns().size(), median(t));
	}

	/** A request tree of about {@code events} events: spans with 1-4 children, siblings partly in parallel. */
	public static Trace tree(int events, Random random) throws TraceFormatException {
		int spans = events / 2;
		List<SpanInput> input = new ArrayList<>(spans);
		long[] start = new long[spans];
		long[] duration = new long[spans];
		int[] parent = new int[spans];
		parent[0] = -1;
		duration[0] = 10_000_000_000L;
		int next = 1;
		for (int p = 0; p < spans && next < spans; p++) {
			int kids = Math.min(1 + random.nextInt(4), spans - next);
			long slot = duration[p] / (kids + 1);
			for (int k = 0; k < kids; k++) {
				int c = next++;
				parent[c] = p;
				start[c] = start[p] + slot * k + random.nextInt(1000);
				duration[c] = Math.max(1000, slot * (random.nextBoolean() ? 1 : 2) / 2);
			}
		}
		for (int s = 0; s < spans; s++) {
			String service = "svc-" + (s % 17);
			String op = "op-" + (s % 211);
			input.add(new SpanInput("s" + s, parent[s] < 0 ? null : "s" + parent[s], start[s], duration[s],
					service + ":" + op, new Attributes(service, "host-" + (s % 5), op, java.util.Map.of())));
		}
		return new SpanTraceAssembler("bench", new Interner(), w -> {
		}).assemble("bench-" + events, input);
	}

	/** A root with {@code steps} sequential children: a critical path of 2 * steps + 1 edges. */
	static Trace chain(String type, int steps, Random random, Interner interner) throws TraceFormatException {
		List<SpanInput> input = new ArrayList<>();
		long t = 0;
		List<SpanInput> kids = new ArrayList<>();
		for (int i = 0; i < steps; i++) {
			long d = 1_000_000 + random.nextInt(1_000_000);
			kids.add(new SpanInput(type + "-" + i, "root", t + 1000, d, "svc:step-" + i,
					new Attributes("svc", "h", "step-" + i, java.util.Map.of())));
			t += d + 2000;
		}
		input.add(new SpanInput("root", null, 0, t + 2000, "api:root", new Attributes("api", "h", type, java.util.Map.of())));
		input.addAll(kids);
		return new SpanTraceAssembler("bench", interner, w -> {
		}).assemble(type + "-" + random.nextLong(), input);
	}

	private static double median(double[] values) {
		double[] v = values.clone();
		Arrays.sort(v);
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}
}
