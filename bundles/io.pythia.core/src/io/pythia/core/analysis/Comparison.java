// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pythia.core.trace.EventKind;

/**
 * What changed between a baseline and a selection of traces, per request type, on the critical path.
 *
 * <p>
 * Within a request type every trace's edge contributions (time on its critical path) add up to its response time,
 * so the type's mean response time is the sum of its edges' mean contributions, and the change in the mean is the
 * sum of their changes, exactly, whichever groups the traces fall into: an edge's mean contribution over the type
 * is its groups' means weighted by their traces (0 in a group that does not take it). An edge's change therefore
 * explains a part of its type's change ({@link Change#explains()}), and, weighted by the type's part of the
 * selection's requests, a part of the change of the mean response time over all requests
 * ({@link Change#weightNanos()}), by which the changes are ranked.
 *
 * <p>
 * Each change has a 95% interval (Welch's t) from the edge's variance over the type on each side (groups' variances
 * plus the spread of their means), and is significant when its two-sided p-value is under 0.05 over the number of changes
 * (Bonferroni): significant changes come first. The edge's share of its type's response-time variance on each side
 * comes from the groups' covariances the same way (within plus between groups).
 */
public record Comparison(long baselineTraces, long selectionTraces, List<TypeChange> requestTypes,
		List<Change> changes) {

	static final double ALPHA = 0.05;

	/**
	 * One request type on both sides.
	 *
	 * @param baselineTraces  its traces in the baseline (0: new in the selection)
	 * @param selectionTraces its traces in the selection (0: gone)
	 */
	public record TypeChange(String requestType, int baselineTraces, int selectionTraces, double baselineMeanNanos,
			double selectionMeanNanos, double baselineCv, double selectionCv) {

		public double deltaNanos() {
			return selectionMeanNanos - baselineMeanNanos;
		}
	}

	/**
	 * One critical-path edge of a request type found on both sides (its mean contribution is 0 on a side whose
	 * paths do not take it).
	 *
	 * @param explains      this change over the type's change in mean response time (NaN when the type's mean did
	 *                      not change)
	 * @param weightNanos   the change weighted by the type's part of the selection's requests: its part in the change
	 *                      of the mean over all requests
	 * @param baselineShare the edge's share of the type's response-time variance in the baseline
	 * @param p             two-sided p-value of the change (Welch's t)
	 * @param significant   p under 0.05 / number of changes
	 */
	public record Change(String requestType, String from, EventKind fromKind, String to, EventKind toKind,
			double baselineMeanNanos, double selectionMeanNanos, double deltaLowNanos, double deltaHighNanos,
			double baselineShare, double selectionShare, double explains, double weightNanos, double p,
			boolean significant) {

		public double deltaNanos() {
			return selectionMeanNanos - baselineMeanNanos;
		}

		/** e.g. "nova:build start -> nova:spawn end". */
		public String label() {
			return from + " " + fromKind.label() + " -> " + to + " " + toKind.label();
		}
	}

	private record Edge(String from, EventKind fromKind, String to, EventKind toKind) {
	}

	/** A request type's statistics on one side, combined over its groups. */
	private static final class TypeSide {
		int n;
		double mean;
		double variance;
		final Map<Edge, double[]> edges = new LinkedHashMap<>(); // mean, variance, covariance with T

		static TypeSide of(List<AnalysisReport.Group> groups) {
			TypeSide s = new TypeSide();
			for (AnalysisReport.Group g : groups) {
				s.n += g.group().count();
			}
			if (s.n == 0) {
				return s;
			}
			for (AnalysisReport.Group g : groups) {
				s.mean += g.group().count() * g.latency().mean() / s.n;
			}
			for (AnalysisReport.Group g : groups) {
				double w = (double) g.group().count() / s.n;
				double d = g.latency().mean() - s.mean;
				s.variance += w * (g.latency().variance() + d * d);
				for (EdgeShare e : g.edges()) {
					s.edges.computeIfAbsent(new Edge(e.from(), e.fromKind(), e.to(), e.toKind()), k -> new double[3])[0] += w * e.meanNanos();
				}
			}
			// second pass: the spread of each edge's group means about its type mean, and its covariance with T
			for (AnalysisReport.Group g : groups) {
				double w = (double) g.group().count() / s.n;
				double dT = g.latency().mean() - s.mean;
				Map<Edge, EdgeShare> own = new LinkedHashMap<>();
				for (EdgeShare e : g.edges()) {
					own.put(new Edge(e.from(), e.fromKind(), e.to(), e.toKind()), e);
				}
				for (Map.Entry<Edge, double[]> en : s.edges.entrySet()) {
					EdgeShare e = own.get(en.getKey());
					double[] st = en.getValue();
					double m = e == null ? 0 : e.meanNanos();
					double dm = m - st[0];
					st[1] += w * ((e == null ? 0 : e.varianceNanos2()) + dm * dm);
					st[2] += w * ((e == null ? 0 : e.share() * g.latency().variance()) + dm * dT);
				}
			}
			return s;
		}
	}

	/** Compares two analyses of the same system. */
	public static Comparison of(AnalysisReport baseline, AnalysisReport selection) {
		Map<String, List<AnalysisReport.Group>> before = byType(baseline);
		Map<String, List<AnalysisReport.Group>> after = byType(selection);
		TreeMap<String, Boolean> types = new TreeMap<>();
		before.keySet().forEach(t -> types.put(t, true));
		after.keySet().forEach(t -> types.put(t, true));
		long selectionTotal = after.values().stream().flatMap(List::stream).mapToLong(g -> g.group().count()).sum();
		List<TypeChange> typeChanges = new ArrayList<>();
		List<Change> raw = new ArrayList<>();
		for (String type : types.keySet()) {
			TypeSide b = TypeSide.of(before.getOrDefault(type, List.of()));
			TypeSide s = TypeSide.of(after.getOrDefault(type, List.of()));
			typeChanges.add(new TypeChange(type, b.n, s.n, b.n > 0 ? b.mean : Double.NaN, s.n > 0 ? s.mean : Double.NaN,
					cv(b), cv(s)));
			if (b.n == 0 || s.n == 0) {
				continue; // new or gone: no edge to compare with
			}
			double typeDelta = s.mean - b.mean;
			double traffic = selectionTotal > 0 ? (double) s.n / selectionTotal : 0;
			Map<Edge, Boolean> edges = new LinkedHashMap<>();
			b.edges.keySet().forEach(e -> edges.put(e, true));
			s.edges.keySet().forEach(e -> edges.put(e, true));
			for (Edge e : edges.keySet()) {
				double[] x = b.edges.getOrDefault(e, new double[3]);
				double[] y = s.edges.getOrDefault(e, new double[3]);
				double delta = y[0] - x[0];
				double a = x[1] / b.n;
				double c = y[1] / s.n;
				double se2 = a + c;
				double p;
				double half = 0;
				if (se2 <= 0) {
					p = delta == 0 ? 1 : 0;
				} else {
					// Welch-Satterthwaite degrees of freedom: the interval and the p-value use the same t
					double df = b.n > 1 && s.n > 1 ? se2 * se2 / (a * a / (b.n - 1) + c * c / (s.n - 1)) : 1;
					df = Double.isFinite(df) && df >= 1 ? df : 1;
					p = StudentT.twoSidedP(delta / Math.sqrt(se2), df);
					half = RequestGroup.studentT975((int) Math.floor(df)) * Math.sqrt(se2);
				}
				raw.add(new Change(type, e.from(), e.fromKind(), e.to(), e.toKind(), x[0], y[0], delta - half,
						delta + half, b.variance > 0 ? x[2] / b.variance : 0, s.variance > 0 ? y[2] / s.variance : 0,
						typeDelta != 0 ? delta / typeDelta : Double.NaN, traffic * delta, p, false));
			}
		}
		double level = ALPHA / Math.max(1, raw.size());
		List<Change> changes = raw.stream().filter(c -> c.deltaNanos() != 0 || c.baselineShare() != c.selectionShare())
				.map(c -> new Change(c.requestType(), c.from(), c.fromKind(), c.to(), c.toKind(), c.baselineMeanNanos(),
						c.selectionMeanNanos(), c.deltaLowNanos(), c.deltaHighNanos(), c.baselineShare(),
						c.selectionShare(), c.explains(), c.weightNanos(), c.p(), c.p() < level))
				.sorted(Comparator.comparing((Change c) -> !c.significant())
						.thenComparing(Comparator.comparingDouble((Change c) -> Math.abs(c.weightNanos())).reversed())
						.thenComparing(Change::requestType).thenComparing(Change::label))
				.toList();
		return new Comparison(baseline.traces(), selection.traces(), List.copyOf(typeChanges), changes);
	}

	private static double cv(TypeSide s) {
		return s.n > 0 && s.mean != 0 ? Math.sqrt(s.variance) / Math.abs(s.mean) : Double.NaN;
	}

	private static Map<String, List<AnalysisReport.Group>> byType(AnalysisReport r) {
		Map<String, List<AnalysisReport.Group>> out = new LinkedHashMap<>();
		for (AnalysisReport.Group g : r.groups()) {
			out.computeIfAbsent(g.group().requestType(), k -> new ArrayList<>()).add(g);
		}
		return out;
	}
}
