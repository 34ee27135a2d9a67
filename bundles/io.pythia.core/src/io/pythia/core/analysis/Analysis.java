// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceWarning;

/**
 * Streams traces into request groups: each trace's critical path is extracted, its workflow structure (or, when
 * grouping by critical path, the path's signature) decides its group, and the group's statistics absorb it; the trace itself is not kept (except one representative per group).
 * Not thread-safe: feed it from one thread.
 */
public final class Analysis implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	private final AnalysisOptions options;
	private final WorkflowStructure structures = new WorkflowStructure();
	/** Groups by a 64-bit hash of their signature; equal hashes are told apart by comparing the paths. */
	private final Map<Long, List<RequestGroup>> groups = new HashMap<>();
	private final List<TraceWarning> warnings = new ArrayList<>();
	private final Map<String, Integer> warningKinds = new LinkedHashMap<>();
	private int warningCount;
	private long traces;
	private long events;

	public Analysis(AnalysisOptions options) {
		this.options = options;
	}

	public void accept(Trace trace) {
		traces++;
		events += trace.recordedEvents();
		CriticalPath path = CriticalPath.of(trace);
		String requestType = options.requestTypeRule().requestType(trace);
		boolean byWorkflow = options.grouping() == Grouping.WORKFLOW;
		long structure = byWorkflow ? structures.of(requestType, trace) : 0;
		long hash = byWorkflow ? structure : signatureHash(requestType, path);
		List<RequestGroup> candidates = groups.computeIfAbsent(hash, k -> new ArrayList<>(1));
		RequestGroup group = null;
		for (RequestGroup g : candidates) {
			if (g.matches(requestType, structure, path)) {
				group = g;
				break;
			}
		}
		if (group == null) {
			String id = byWorkflow ? groupId(structure) : groupId(signature(requestType, path));
			group = new RequestGroup(id, requestType, options.grouping(), structure, path);
			candidates.add(group);
		}
		group.add(path);
	}

	/**
	 * Absorbs another analysis of the same options, as if its traces and warnings had come after this one's: the
	 * counts add up, the first warnings are this one's then the other's, and each of the other's groups merges into
	 * this one's group of the same request type and structure (see {@link RequestGroup#merge}) or joins as a new
	 * group. Analysing shards of a stream and merging them in order gives the report of one pass; any other order
	 * gives the same counts and statistics, but another representative and trace order. The other analysis is not
	 * to be used afterwards.
	 *
	 * @throws IllegalArgumentException when the options differ (the groups would not mean the same)
	 */
	public void merge(Analysis other) {
		if (!options.equals(other.options)) {
			throw new IllegalArgumentException("analyses of different options do not merge: " + options + " and " + other.options);
		}
		traces += other.traces;
		events += other.events;
		warningCount += other.warningCount;
		for (TraceWarning w : other.warnings) {
			if (warnings.size() >= options.warningsKept()) {
				break;
			}
			warnings.add(w);
		}
		other.warningKinds.forEach((kind, n) -> warningKinds.merge(kind, n, Integer::sum));
		for (Map.Entry<Long, List<RequestGroup>> e : other.groups.entrySet()) {
			List<RequestGroup> candidates = groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1));
			for (RequestGroup g : e.getValue()) {
				RequestGroup same = null;
				for (RequestGroup c : candidates) {
					// by workflow the structure decides; by critical path, the representative's path
					CriticalPath path = g.grouping() == Grouping.WORKFLOW ? null : CriticalPath.of(g.representative());
					if (c.matches(g.requestType(), g.structure(), path)) {
						same = c;
						break;
					}
				}
				if (same == null) {
					candidates.add(g);
				} else {
					same.merge(g);
				}
			}
		}
	}

	public void warn(TraceWarning warning) {
		warningCount++;
		if (warnings.size() < options.warningsKept()) {
			warnings.add(warning);
		}
		warningKinds.merge(kindOf(warning.message()), 1, Integer::sum);
	}

	/** The groups and their statistics as they stand now; groups by variance, largest first. */
	public AnalysisReport report() {
		List<AnalysisReport.Group> out = new ArrayList<>();
		List<RequestGroup> all = groups.values().stream().flatMap(List::stream).toList();
		Map<String, double[]> byType = new HashMap<>(); // each request type's response times, sorted once
		Map<String, List<RequestGroup>> sketched = new HashMap<>(); // types with a group past its exact times
		Map<RequestGroup, com.datadoghq.sketch.ddsketch.DDSketch> sketches = new java.util.IdentityHashMap<>();
		for (RequestGroup g : all) {
			if (!g.exactTimes()) {
				sketched.put(g.requestType(), new ArrayList<>());
			}
		}
		for (RequestGroup g : all) {
			List<RequestGroup> sameType = sketched.get(g.requestType());
			if (sameType != null) {
				sameType.add(g);
				continue;
			}
			double[] times = byType.get(g.requestType());
			int at = times == null ? 0 : times.length;
			times = times == null ? new double[g.count()] : Arrays.copyOf(times, at + g.count());
			g.copyResponseTimes(times, at);
			byType.put(g.requestType(), times);
		}
		byType.values().forEach(Arrays::sort);
		for (RequestGroup g : all) {
			LatencySummary latency = g.latency();
			List<EdgeShare> edges = g.edgeShares();
			boolean varies = latency.coefficientOfVariation() > options.cvThreshold();
			AnalysisReport.Reason reason = g.count() < options.minTraces() ? AnalysisReport.Reason.FEW_TRACES
					: varies && standsOut(edges) ? AnalysisReport.Reason.VARIANCE
							: sketched.containsKey(g.requestType()) ? slow(g, latency, sketched.get(g.requestType()), sketches)
									: slow(g, latency, byType.get(g.requestType()));
			if (reason == null) {
				reason = varies ? AnalysisReport.Reason.SPREAD : AnalysisReport.Reason.STEADY;
			}
			boolean problem = reason == AnalysisReport.Reason.VARIANCE || reason == AnalysisReport.Reason.SLOW;
			out.add(new AnalysisReport.Group(g, latency, problem, reason, edges, g.attributeEffects()));
		}
		out.sort(Comparator.comparingDouble((AnalysisReport.Group x) -> x.latency().variance()).reversed()
				.thenComparing(Comparator.comparingInt((AnalysisReport.Group x) -> x.group().count()).reversed())
				.thenComparing(x -> x.group().id()));
		return new AnalysisReport(traces, events, warningCount, List.copyOf(warnings), Map.copyOf(warningKinds),
				List.copyOf(out), options);
	}

	/**
	 * Whether a group is slow but steady: {@link AnalysisReport.Reason#SLOW} when its median is over its request
	 * type's objective; without one, {@link AnalysisReport.Reason#SLOWER_THAN_ITS_TYPE} when its median is over the
	 * far-out fence of the response times of its request type's other groups, Q3 + 3 IQR (Tukey's fence for "far
	 * out" values, the one box plots mark with a star): slower than nearly all of them, not just their slow tail.
	 * With fewer than the minimum number of traces in the other groups there is nothing to compare with. Null when
	 * neither.
	 */
	private AnalysisReport.Reason slow(RequestGroup g, LatencySummary latency, double[] typeSorted) {
		Double slo = options.slosMillis().get(g.requestType());
		if (slo != null) {
			return latency.p50() > slo * 1e6 ? AnalysisReport.Reason.SLOW : null;
		}
		if (typeSorted.length - g.count() < options.minTraces()) {
			return null;
		}
		double[] own = new double[g.count()];
		g.copyResponseTimes(own, 0);
		Arrays.sort(own);
		double q1 = quantileWithout(typeSorted, own, 0.25);
		double q3 = quantileWithout(typeSorted, own, 0.75);
		return latency.p50() > q3 + 3 * (q3 - q1) ? AnalysisReport.Reason.SLOWER_THAN_ITS_TYPE : null;
	}

	/**
	 * {@link #slow(RequestGroup, LatencySummary, double[])} for a request type with a group past its exact response
	 * times: the other groups' quartiles come from their merged sketches, within the sketch's relative accuracy.
	 */
	private AnalysisReport.Reason slow(RequestGroup g, LatencySummary latency, List<RequestGroup> sameType,
			Map<RequestGroup, com.datadoghq.sketch.ddsketch.DDSketch> sketches) {
		Double slo = options.slosMillis().get(g.requestType());
		if (slo != null) {
			return latency.p50() > slo * 1e6 ? AnalysisReport.Reason.SLOW : null;
		}
		com.datadoghq.sketch.ddsketch.DDSketch others = RequestGroup.newSketch();
		for (RequestGroup o : sameType) {
			if (o != g) {
				// each group's sketch made once per report: a group still exact would build its own every time
				others.mergeWith(sketches.computeIfAbsent(o, RequestGroup::timesSketch));
			}
		}
		if (others.getCount() < options.minTraces()) {
			return null;
		}
		double q1 = others.getValueAtQuantile(0.25);
		double q3 = others.getValueAtQuantile(0.75);
		return latency.p50() > q3 + 3 * (q3 - q1) ? AnalysisReport.Reason.SLOWER_THAN_ITS_TYPE : null;
	}

	/**
	 * {@link #quantile} of the values of {@code all} that are not in {@code removed} (a sub-multiset of it; both
	 * sorted), without building that array: the k-th of the rest is the first value of {@code all} with more than k
	 * of the rest at or below it, found by bisection.
	 */
	static double quantileWithout(double[] all, double[] removed, double q) {
		int n = all.length - removed.length;
		double h = (n - 1) * q;
		int lo = (int) Math.floor(h);
		int hi = Math.min(n - 1, lo + 1);
		double a = kthWithout(all, removed, lo);
		return a + (h - lo) * (kthWithout(all, removed, hi) - a);
	}

	private static double kthWithout(double[] all, double[] removed, int k) {
		int from = 0;
		int to = all.length - 1;
		while (from < to) {
			int mid = (from + to) >>> 1;
			double v = all[mid];
			if (upperBound(all, v) - upperBound(removed, v) > k) {
				to = mid;
			} else {
				from = mid + 1;
			}
		}
		return all[from];
	}

	/** Number of values at or below v in a sorted array. */
	private static int upperBound(double[] sorted, double v) {
		int from = 0;
		int to = sorted.length;
		while (from < to) {
			int mid = (from + to) >>> 1;
			if (sorted[mid] <= v) {
				from = mid + 1;
			} else {
				to = mid;
			}
		}
		return from;
	}

	/** Linear interpolation between closest ranks (the R-7 / Excel definition), on sorted values. */
	static double quantile(double[] sorted, double q) {
		double h = (sorted.length - 1) * q;
		int lo = (int) Math.floor(h);
		int hi = Math.min(sorted.length - 1, lo + 1);
		return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
	}

	/** Problems that one group can hold at once and still be told from noise (see {@link #standsOut}). */
	static final int MOST_PROBLEMS_PER_GROUP = 3;

	/**
	 * Whether the group's variance is more than noise spread thinly over its edges. The null model is MacArthur's
	 * broken stick (the one PCA's broken-stick rule uses): the variance broken at random into parts. The top k edges
	 * (k = 1 to {@value #MOST_PROBLEMS_PER_GROUP}, for groups that hold several problems) stand out when the lower end
	 * of their share's 95% interval reaches what the k largest of k + r random parts hold on average, r the
	 * effective number of the other edges (their participation ratio, (Σp)² / Σp² over their positive shares): edges
	 * that barely vary do not count as parts, so the many short gaps of a trace do not make a noisy step look
	 * important. For k = 1 the lower end is the top edge's own; for k > 1 it is 1 minus the upper ends of the others'
	 * shares, a cautious bound since the shares add up to 1.
	 * <p>
	 * Measured: noise on every one of 64 steps gives a top share of 0.05-0.10 against an expected largest part near
	 * 0.1; a delayed step takes 0.36-0.49; two problems of one request type, 0.62 and 0.38 of the variance of a
	 * group of four coarse edges, stand out as a pair (0.997 against 0.79). A group of one edge is that edge.
	 */
	static boolean standsOut(List<EdgeShare> edges) {
		if (edges.isEmpty()) {
			return false;
		}
		List<EdgeShare> ranked = edges.stream().sorted(java.util.Comparator.comparingDouble(EdgeShare::share).reversed())
				.toList();
		int m = ranked.size();
		if (m == 1) {
			return true;
		}
		for (int k = 1; k <= Math.min(MOST_PROBLEMS_PER_GROUP, m - 1); k++) {
			double sum = 0;
			double squares = 0;
			double othersHigh = 0;
			for (EdgeShare e : ranked.subList(k, m)) {
				double p = Math.max(0, e.share());
				sum += p;
				squares += p * p;
				othersHigh += e.shareHigh();
			}
			double others = squares > 0 ? sum * sum / squares : 0;
			int parts = k + Math.max(1, (int) Math.round(others));
			double low = k == 1 ? Math.max(ranked.get(0).shareLow(), 1 - othersHigh) : 1 - othersHigh;
			if (low >= brokenStickLargest(k, parts) - 1e-12) {
				return true;
			}
		}
		return false;
	}

	/** What the k largest of m parts of a unit broken at random hold on average: Σ_{i<=k} (1/m) Σ_{j=i..m} 1/j. */
	static double brokenStickLargest(int k, int m) {
		double total = 0;
		for (int i = 1; i <= k; i++) {
			for (int j = i; j <= m; j++) {
				total += 1.0 / j;
			}
		}
		return total / m;
	}

	/** FNV-1a over the request type and the path's tracepoint hashes and kinds; cheap, since ids are interned. */
	static long signatureHash(String requestType, CriticalPath path) {
		long h = 0xcbf29ce484222325L ^ requestType.hashCode();
		for (int i = 0; i < path.length(); i++) {
			int e = path.event(i);
			h = (h ^ path.trace().tracepoint(e).hashCode()) * 0x100000001b3L;
			h = (h ^ path.trace().kind(e).ordinal()) * 0x100000001b3L;
		}
		return h;
	}

	/** Request type and the tracepoint/kind sequence of the critical path; timing plays no part. */
	static String signature(String requestType, CriticalPath path) {
		StringBuilder sb = new StringBuilder(requestType.length() + path.length() * 24);
		sb.append(requestType);
		for (int i = 0; i < path.length(); i++) {
			int e = path.event(i);
			sb.append('\u0001').append(path.trace().tracepoint(e)).append('\u0002').append(path.trace().kind(e).ordinal());
		}
		return sb.toString();
	}

	/** A workflow group's id: 48 bits of its structure, prefixed "w" so it is not taken for a critical-path group's. */
	static String groupId(long structure) {
		return String.format("w%012x", structure >>> 16);
	}

	/** A short id that is the same for the same signature in every run (FNV-1a, 48 bits). */
	static String groupId(String signature) {
		long h = 0xcbf29ce484222325L;
		for (int i = 0; i < signature.length(); i++) {
			h ^= signature.charAt(i);
			h *= 0x100000001b3L;
		}
		return String.format("g%012x", h >>> 16);
	}

	/** Warnings of the same kind differ only in ids and numbers; the kind is the message without them. */
	static String kindOf(String message) {
		return message.replaceAll("\\([^)]{4,}\\)", "(...)").replaceAll("\\d+(\\.\\d+)?", "N");
	}
}
