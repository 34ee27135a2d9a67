// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * Requests expected to perform alike: same request type and same structure, by workflow (the calls made, see
 * {@link WorkflowStructure}) or by critical path (the sequence of tracepoints and event kinds along it), timing
 * ignored. Statistics are kept online, so traces can be released after they are added: the response times (for
 * percentiles), and per critical-path edge its mean, variance and co-moment with the response time, which give each
 * edge's share of the group's variance.
 * <p>
 * By critical path, edge i is the path's i-th edge. By workflow, the paths of a group's traces may differ, so an
 * edge is a label (from tracepoint and kind, to tracepoint and kind) and its value in a trace is its contribution:
 * the time the trace's critical path spends on edges of that label, 0 when it takes none. The contributions of a
 * trace add up to its response time, so the shares Cov(edge, T) / Var(T) still add up to 1.
 */
public final class RequestGroup implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	/** An edge label: what a workflow group's statistics are kept by. */
	private record EdgeKey(String from, EventKind fromKind, String to, EventKind toKind) implements java.io.Serializable {

		boolean matches(Trace t, int a, int b) {
			return t.kind(a) == fromKind && t.kind(b) == toKind && from.equals(t.tracepoint(a)) && to.equals(t.tracepoint(b));
		}
	}

	private final String id;
	private final String requestType;
	private final Grouping grouping;
	/** The representative's critical path, for {@link #tracepoint(int)} and the edges' positions. */
	private final String[] tracepoints;
	private final EventKind[] kinds;
	private final Trace representative;
	/** Workflow grouping: the edge labels seen, in order of first appearance, and their indices. */
	private final List<EdgeKey> keys = new ArrayList<>();
	private final Map<EdgeKey, Integer> keyIndex = new HashMap<>();
	private final long structure;
	private int count;
	/** The response times while there are at most {@link #EXACT_TIMES_KEPT}; then null, and {@link #sketch} has them. */
	private double[] responseTimes = new double[8];
	/** Once a group outgrows its exact response times: their quantile sketch (serialized by its own encoding). */
	private transient DDSketch sketch;
	private double meanT;
	private double m2T;
	private double[] meanX;
	private double[] m2X;
	private double[] coXT;
	/**
	 * Raw sums for the shares' intervals: per edge Σx, Σx², Σvx, Σvx², Σv²x, Σv²x², Σv³x with v = T - shiftT, and
	 * Σv^k for the group. Sums, so a label first met late starts at 0 exactly like its Welford moments.
	 */
	private double[][] raw = new double[RAW][0];
	private static final int RAW = 7;
	private double shiftT = Double.NaN;
	private final double[] sumV = new double[5];
	private double[] x = new double[0];
	/** Workflow grouping: slot + 1 of the edge last seen at each step of a path (0 = none yet). */
	private int[] slotAt = new int[0];
	private final List<String> traceIds = new ArrayList<>();
	/** What the traces' span attributes say about their response times. */
	private final AttributeStatistics attributes = new AttributeStatistics();
	private static final int TRACE_IDS_KEPT = 10_000;

	/**
	 * Response times a group keeps exactly. Beyond, its percentiles come from a DDSketch (Masson, Rim and Lee, VLDB
	 * 2019) of relative accuracy {@link #SKETCH_ACCURACY}: a quantile is within that fraction of the sample it
	 * stands for, in constant memory. Its merge adds bucket counts, so any split of the traces gives the same
	 * sketch, as the exact times give the same percentiles.
	 */
	public static final int EXACT_TIMES_KEPT = 10_000;
	public static final double SKETCH_ACCURACY = 0.005;

	RequestGroup(String id, String requestType, Grouping grouping, long structure, CriticalPath first) {
		this.id = id;
		this.requestType = requestType;
		this.grouping = grouping;
		this.structure = structure;
		int len = first.length();
		this.tracepoints = new String[len];
		this.kinds = new EventKind[len];
		for (int i = 0; i < len; i++) {
			tracepoints[i] = first.trace().tracepoint(first.event(i));
			kinds[i] = first.trace().kind(first.event(i));
		}
		this.representative = first.trace();
		int edges = grouping == Grouping.CRITICAL_PATH ? len - 1 : 0;
		this.meanX = new double[edges];
		this.m2X = new double[edges];
		this.coXT = new double[edges];
		this.raw = new double[RAW][edges];
	}

	/** Whether a trace of this request type, with this workflow structure and critical path, belongs here. */
	boolean matches(String type, long structure, CriticalPath path) {
		if (!requestType.equals(type)) {
			return false;
		}
		if (grouping == Grouping.WORKFLOW) {
			return this.structure == structure;
		}
		if (path.length() != tracepoints.length) {
			return false;
		}
		for (int i = 0; i < tracepoints.length; i++) {
			int e = path.event(i);
			if (path.trace().kind(e) != kinds[i] || !path.trace().tracepoint(e).equals(tracepoints[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Welford's online update of means, variances and co-moments with the response time. An edge label first seen
	 * now starts at mean, variance and co-moment 0: exactly what the earlier traces, where it contributed 0, give.
	 */
	void add(CriticalPath path) {
		if (count == EXACT_TIMES_KEPT) {
			toSketch();
		}
		count++;
		double t = path.duration();
		if (responseTimes == null) {
			sketch.accept(t);
		} else {
			if (count > responseTimes.length) {
				responseTimes = Arrays.copyOf(responseTimes, Math.min(EXACT_TIMES_KEPT, responseTimes.length * 2));
			}
			responseTimes[count - 1] = t;
		}
		double dT = t - meanT;
		meanT += dT / count;
		double dTAfter = t - meanT;
		m2T += dT * dTAfter;
		if (count == 1) {
			shiftT = t;
		}
		double v = t - shiftT;
		double v2 = v * v;
		sumV[0]++;
		sumV[1] += v;
		sumV[2] += v2;
		sumV[3] += v2 * v;
		sumV[4] += v2 * v2;
		double[] values = learnContributions(path);
		if (raw[0].length < meanX.length) {
			for (int k = 0; k < RAW; k++) {
				raw[k] = Arrays.copyOf(raw[k], meanX.length);
			}
		}
		for (int i = 0; i < values.length; i++) {
			double xi = values[i];
			double dX = xi - meanX[i];
			meanX[i] += dX / count;
			m2X[i] += dX * (xi - meanX[i]);
			coXT[i] += dX * dTAfter;
			if (xi != 0) {
				raw[0][i] += xi;
				raw[1][i] += xi * xi;
				raw[2][i] += v * xi;
				raw[3][i] += v * xi * xi;
				raw[4][i] += v2 * xi;
				raw[5][i] += v2 * xi * xi;
				raw[6][i] += v2 * v * xi;
			}
		}
		if (traceIds.size() < TRACE_IDS_KEPT) {
			traceIds.add(path.trace().id());
		}
		attributes.add(path.trace(), t);
	}

	/**
	 * Absorbs another accumulator of the same group (same request type and structure, or critical path), as if its
	 * traces had been added after this one's: counts and sums add up, the means, variances and co-moments merge by
	 * Chan, Golub and LeVeque's pairwise update (numerically stable, like Welford's), the raw sums of the shares'
	 * intervals are moved to this group's shift before they add up, and an edge label only one side has counts as 0
	 * in the other's traces, as in {@link #add}. This group keeps its representative, its first trace ids and its
	 * slot order (the other's new labels come after its own). The other accumulator is not to be used afterwards.
	 */
	void merge(RequestGroup o) {
		if (o.count == 0) {
			return;
		}
		if (!requestType.equals(o.requestType) || grouping != o.grouping
				|| grouping == Grouping.WORKFLOW && structure != o.structure) {
			throw new IllegalArgumentException("group " + o.id + " is not group " + id + ": they do not merge");
		}
		// the other's slots in this group's numbering, new labels appended
		int[] slotOf = new int[o.edges()];
		for (int j = 0; j < slotOf.length; j++) {
			if (grouping == Grouping.CRITICAL_PATH) {
				slotOf[j] = j;
				continue;
			}
			EdgeKey k = o.keys.get(j);
			Integer slot = keyIndex.get(k);
			if (slot == null) {
				slot = keys.size();
				keys.add(k);
				keyIndex.put(k, slot);
			}
			slotOf[j] = slot;
		}
		int edges = Math.max(edges(), slotOf.length);
		if (meanX.length < edges) {
			meanX = Arrays.copyOf(meanX, edges);
			m2X = Arrays.copyOf(m2X, edges);
			coXT = Arrays.copyOf(coXT, edges);
		}
		for (int k = 0; k < RAW; k++) {
			if (raw[k].length < meanX.length) {
				raw[k] = Arrays.copyOf(raw[k], meanX.length);
			}
		}
		double na = count;
		double nb = o.count;
		double n = na + nb;
		double dT = o.meanT - meanT;
		// the other's edges by this group's slot: 0 where it had none (its traces took 0 time there)
		double[] meanB = new double[edges];
		double[] m2B = new double[edges];
		double[] coB = new double[edges];
		for (int j = 0; j < slotOf.length; j++) {
			meanB[slotOf[j]] = o.meanX[j];
			m2B[slotOf[j]] = o.m2X[j];
			coB[slotOf[j]] = o.coXT[j];
		}
		for (int i = 0; i < edges; i++) {
			double dX = meanB[i] - meanX[i];
			coXT[i] += coB[i] + dX * dT * na * nb / n;
			m2X[i] += m2B[i] + dX * dX * na * nb / n;
			meanX[i] += dX * nb / n;
		}
		m2T += o.m2T + dT * dT * na * nb / n;
		meanT += dT * nb / n;
		// raw sums of v = T - shift: the other's, of v' = v + d in this group's shift, by the binomial expansion
		if (count == 0) {
			shiftT = o.shiftT;
		}
		double d = o.shiftT - shiftT;
		double[] v = o.sumV;
		sumV[0] += v[0];
		sumV[1] += v[1] + d * v[0];
		sumV[2] += v[2] + 2 * d * v[1] + d * d * v[0];
		sumV[3] += v[3] + 3 * d * v[2] + 3 * d * d * v[1] + d * d * d * v[0];
		sumV[4] += v[4] + 4 * d * v[3] + 6 * d * d * v[2] + 4 * d * d * d * v[1] + d * d * d * d * v[0];
		for (int j = 0; j < slotOf.length && j < o.raw[0].length; j++) {
			int i = slotOf[j];
			double x1 = o.raw[0][j];
			double x2 = o.raw[1][j];
			double vx = o.raw[2][j];
			double vx2 = o.raw[3][j];
			double v2x = o.raw[4][j];
			raw[0][i] += x1;
			raw[1][i] += x2;
			raw[2][i] += vx + d * x1;
			raw[3][i] += vx2 + d * x2;
			raw[4][i] += v2x + 2 * d * vx + d * d * x1;
			raw[5][i] += o.raw[5][j] + 2 * d * vx2 + d * d * x2;
			raw[6][i] += o.raw[6][j] + 3 * d * v2x + 3 * d * d * vx + d * d * d * x1;
		}
		if (responseTimes != null && o.responseTimes != null && count + o.count <= EXACT_TIMES_KEPT) {
			if (count + o.count > responseTimes.length) {
				responseTimes = Arrays.copyOf(responseTimes, count + o.count);
			}
			System.arraycopy(o.responseTimes, 0, responseTimes, count, o.count);
		} else {
			toSketch();
			sketch.mergeWith(o.timesSketch());
		}
		count += o.count;
		for (String t : o.traceIds) {
			if (traceIds.size() >= TRACE_IDS_KEPT) {
				break;
			}
			traceIds.add(t);
		}
		attributes.merge(o.attributes);
	}

	/** The span attributes whose values go with slower requests of this group (see {@link AttributeStatistics}). */
	public List<AttributeEffect> attributeEffects() {
		return attributes.effects();
	}

	/**
	 * A trace's value of each of the group's edges, indexed as {@link EdgeShare#slot()}: the path's edge durations
	 * by critical path, the contributions by workflow (labels the group has not seen are left out).
	 */
	public double[] contributions(CriticalPath path) {
		// its own arrays, not the ones add() reuses: views call this from their jobs, beside other readers
		double[] out = new double[edges()];
		for (int i = 0; i < path.edgeCount(); i++) {
			int slot = slotOf(path, i);
			if (slot >= 0) {
				out[slot] += path.edgeDuration(i);
			}
		}
		return out;
	}

	/**
	 * The slot of the edge at a position of a trace's critical path: the position itself by critical path, the slot
	 * of its label by workflow; -1 when the group has no statistics for it.
	 */
	public int slotOf(CriticalPath path, int position) {
		if (position < 0 || position >= path.edgeCount()) {
			return -1;
		}
		if (grouping == Grouping.CRITICAL_PATH) {
			return position < meanX.length ? position : -1;
		}
		Trace t = path.trace();
		int a = path.event(position);
		int b = path.event(position + 1);
		Integer slot = keyIndex.get(new EdgeKey(t.tracepoint(a), t.kind(a), t.tracepoint(b), t.kind(b)));
		return slot == null ? -1 : slot;
	}

	/** The same for {@link #add}, in an array the next call reuses, giving labels not seen before a slot. */
	private double[] learnContributions(CriticalPath path) {
		if (grouping == Grouping.CRITICAL_PATH) {
			if (x.length != meanX.length) {
				x = new double[meanX.length];
			}
			for (int i = 0; i < x.length; i++) {
				x[i] = i < path.edgeCount() ? path.edgeDuration(i) : 0;
			}
			return x;
		}
		Trace trace = path.trace();
		int[] slots = new int[path.edgeCount()];
		if (slotAt.length < slots.length) {
			slotAt = Arrays.copyOf(slotAt, Math.max(slots.length, slotAt.length * 2));
		}
		for (int i = 0; i < slots.length; i++) {
			int a = path.event(i);
			int b = path.event(i + 1);
			// most paths of a group take the same edges in the same order: try the slot seen at this step last time
			int guess = slotAt[i] - 1;
			if (guess >= 0 && keys.get(guess).matches(trace, a, b)) {
				slots[i] = guess;
				continue;
			}
			EdgeKey key = new EdgeKey(trace.tracepoint(a), trace.kind(a), trace.tracepoint(b), trace.kind(b));
			Integer slot = keyIndex.get(key);
			if (slot == null) {
				slot = keys.size();
				keys.add(key);
				keyIndex.put(key, slot);
			}
			slots[i] = slot == null ? -1 : slot;
			if (slot != null) {
				slotAt[i] = slot + 1;
			}
		}
		if (meanX.length < keys.size()) {
			int n = Math.max(keys.size(), meanX.length * 2);
			meanX = Arrays.copyOf(meanX, n);
			m2X = Arrays.copyOf(m2X, n);
			coXT = Arrays.copyOf(coXT, n);
		}
		if (x.length != keys.size()) {
			x = new double[keys.size()];
		} else {
			Arrays.fill(x, 0);
		}
		for (int i = 0; i < slots.length; i++) {
			if (slots[i] >= 0) {
				x[slots[i]] += path.edgeDuration(i);
			}
		}
		return x;
	}

	/** Number of edges the statistics are kept for. */
	int edges() {
		return grouping == Grouping.CRITICAL_PATH ? meanX.length : keys.size();
	}

	public Grouping grouping() {
		return grouping;
	}

	/** The workflow structure the group is of (0 when grouping by critical path). */
	long structure() {
		return structure;
	}

	public String id() {
		return id;
	}

	public String requestType() {
		return requestType;
	}

	public int count() {
		return count;
	}

	/** A trace of this group (the first one seen), for drawing its workflow graph. */
	public Trace representative() {
		return representative;
	}

	/** Ids of the group's traces, in arrival order (the first 10,000). */
	public List<String> traceIds() {
		return List.copyOf(traceIds);
	}

	/** Whether the group keeps its response times exactly (at most {@link #EXACT_TIMES_KEPT} of them). */
	public boolean exactTimes() {
		return responseTimes != null;
	}

	/**
	 * The group's response times (ns), in arrival order.
	 *
	 * @throws IllegalStateException when the group has outgrown them ({@link #exactTimes()}); see {@link #histogram}
	 */
	public double[] responseTimes() {
		if (responseTimes == null) {
			throw new IllegalStateException("group " + id + " keeps a sketch of its " + count + " response times, not them");
		}
		return Arrays.copyOf(responseTimes, count);
	}

	/** Copies the group's exact response times (ns) into {@code out} from {@code at}; returns the index after them. */
	int copyResponseTimes(double[] out, int at) {
		System.arraycopy(responseTimes, 0, out, at, count);
		return at + count;
	}

	/** The response times' sketch: the group's own once it has one, else one made of the exact times. */
	DDSketch timesSketch() {
		if (sketch != null) {
			return sketch;
		}
		DDSketch s = newSketch();
		for (int i = 0; i < count; i++) {
			s.accept(responseTimes[i]);
		}
		return s;
	}

	private void toSketch() {
		if (sketch == null) {
			sketch = timesSketch();
			responseTimes = null;
		}
	}

	static DDSketch newSketch() {
		return DDSketches.unboundedDense(SKETCH_ACCURACY);
	}

	/** The nearest-rank percentile of a sketch of n values (the rank {@link LatencySummary} takes). */
	static double nearestRank(DDSketch s, double percent) {
		long n = Math.round(s.getCount());
		if (n <= 1) {
			return s.getMinValue();
		}
		long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * n)); // 1-based
		// the sketch's quantile q stands for the value of 0-based rank floor(q (n - 1))
		return Math.min(s.getMaxValue(), Math.max(s.getMinValue(), s.getValueAtQuantile((rank - 1) / (double) (n - 1))));
	}

	/**
	 * The response times counted into {@code bins} equal bins from {@code low} to {@code high} (the last one closed);
	 * from the sketch's buckets once the group has outgrown its exact times.
	 */
	public int[] histogram(double low, double high, int bins) {
		int[] counts = new int[bins];
		double width = (high - low) / bins;
		if (responseTimes != null) {
			for (int i = 0; i < count; i++) {
				int b = width > 0 ? (int) ((responseTimes[i] - low) / width) : 0;
				counts[Math.max(0, Math.min(bins - 1, b))]++;
			}
			return counts;
		}
		sketch.getPositiveValueStore().getAscendingStream().forEach(bin -> {
			double v = sketch.getIndexMapping().value(bin.getIndex());
			int b = width > 0 ? (int) ((v - low) / width) : 0;
			counts[Math.max(0, Math.min(bins - 1, b))] += (int) Math.round(bin.getCount());
		});
		// what the positive buckets do not hold is zeros (response times are never negative)
		counts[0] += (int) Math.round(sketch.getCount() - sketch.getPositiveValueStore().getTotalCount());
		return counts;
	}

	/** The shortest and the longest response time (ns). */
	public double[] range() {
		if (responseTimes == null) {
			return new double[] { sketch.getMinValue(), sketch.getMaxValue() };
		}
		double low = Double.POSITIVE_INFINITY;
		double high = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < count; i++) {
			low = Math.min(low, responseTimes[i]);
			high = Math.max(high, responseTimes[i]);
		}
		return count == 0 ? new double[2] : new double[] { low, high };
	}

	/** Response-time statistics in nanoseconds; percentiles exact, or from the sketch beyond {@link #EXACT_TIMES_KEPT}. */
	public LatencySummary latency() {
		// the online variance is the one the edge shares are relative to
		if (responseTimes == null) {
			return new LatencySummary(count, meanT, m2T / count, nearestRank(sketch, 50), nearestRank(sketch, 90),
					nearestRank(sketch, 99));
		}
		LatencySummary s = LatencySummary.of(Arrays.copyOf(responseTimes, count));
		return new LatencySummary(count, meanT, m2T / count, s.p50(), s.p90(), s.p99());
	}

	private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
		out.defaultWriteObject();
		if (sketch == null) {
			out.writeInt(-1);
		} else {
			// the library's own binary encoding, the one its decode reads (serialize() writes its protobuf form)
			GrowingByteArrayOutput o = GrowingByteArrayOutput.withDefaultInitialCapacity();
			sketch.encode(o, false);
			byte[] bytes = o.trimmedCopy();
			out.writeInt(bytes.length);
			out.write(bytes);
		}
	}

	private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
		in.defaultReadObject();
		int n = in.readInt();
		if (n >= 0) {
			byte[] bytes = in.readNBytes(n);
			sketch = DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new);
		}
	}

	/** Steps of the representative's critical path: tracepoint of step i. */
	public String tracepoint(int step) {
		return tracepoints[step];
	}

	public EventKind kind(int step) {
		return kinds[step];
	}

	public int steps() {
		return tracepoints.length;
	}

	/**
	 * Each critical-path edge's share of the group's response-time variance: Cov(edge, response time) / Var(response
	 * time), which is the edge's variance plus its covariances with every other edge, over the total. The shares sum
	 * to 1 (0 each when the group has no variance). Sorted by share, largest first.
	 * <p>
	 * A share is the slope of the least-squares line of the edge's value x on the response time T, so its 95%
	 * interval is the slope's: share ± t(n-2) · se, with the heteroscedasticity-consistent (HC1, White's sandwich)
	 * standard error se² = n/(n-2) · Σ (T-T̄)² r² / SStt², r the residuals, since an edge's spread grows with the
	 * response time (a delayed step is both). Σ (T-T̄)² r² expands into raw sums kept online, so no trace is needed.
	 */
	public List<EdgeShare> edgeShares() {
		int n = edges();
		List<EdgeShare> shares = new ArrayList<>(n);
		Map<EdgeKey, Integer> onRepresentative = new HashMap<>();
		if (grouping == Grouping.WORKFLOW) {
			for (int i = tracepoints.length - 2; i >= 0; i--) {
				onRepresentative.put(new EdgeKey(tracepoints[i], kinds[i], tracepoints[i + 1], kinds[i + 1]), i);
			}
		}
		double t = count > 2 ? studentT975(count - 2) : Double.POSITIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			double share = m2T > 0 ? coXT[i] / m2T : 0;
			double own = m2T > 0 ? m2X[i] / m2T : 0;
			double variance = count > 0 ? m2X[i] / count : 0;
			double low = Double.NEGATIVE_INFINITY;
			double high = Double.POSITIVE_INFINITY;
			if (count > 2 && m2T > 0) {
				double half = t * Math.sqrt(sandwich(i, share));
				low = share - half;
				high = share + half;
			}
			if (grouping == Grouping.CRITICAL_PATH) {
				shares.add(new EdgeShare(i, i, tracepoints[i], kinds[i], tracepoints[i + 1], kinds[i + 1], share, low,
						high, own, meanX[i], variance));
			} else {
				EdgeKey k = keys.get(i);
				shares.add(new EdgeShare(i, onRepresentative.getOrDefault(k, -1), k.from(), k.fromKind(), k.to(),
						k.toKind(), share, low, high, own, meanX[i], variance));
			}
		}
		shares.sort(Comparator.comparingDouble(EdgeShare::share).reversed().thenComparingInt(EdgeShare::slot));
		return shares;
	}

	/** HC1 variance of edge i's share: n/(n-2) · (A - 2βB + β²C) / SStt², from the raw sums. */
	private double sandwich(int i, double beta) {
		double n = count;
		double sv = sumV[1];
		double sv2 = sumV[2];
		double sv3 = sumV[3];
		double sv4 = sumV[4];
		double vb = sv / n;
		double sx = raw[0][i];
		double sx2 = raw[1][i];
		double svx = raw[2][i];
		double svx2 = raw[3][i];
		double sv2x = raw[4][i];
		double sv2x2 = raw[5][i];
		double sv3x = raw[6][i];
		double xb = sx / n;
		// A = Σ d² e², B = Σ d³ e, C = Σ d⁴ with d = v - v̄, e = x - x̄
		double a = sv2x2 - 2 * xb * sv2x + xb * xb * sv2 - 2 * vb * svx2 + 4 * vb * xb * svx - 2 * vb * xb * xb * sv
				+ vb * vb * sx2 - 2 * vb * vb * xb * sx + n * vb * vb * xb * xb;
		double b = sv3x - 3 * vb * sv2x + 3 * vb * vb * svx - vb * vb * vb * sx
				- xb * (sv3 - 3 * vb * sv2 + 3 * vb * vb * sv - n * vb * vb * vb);
		double c = sv4 - 4 * vb * sv3 + 6 * vb * vb * sv2 - 4 * vb * vb * vb * sv + n * vb * vb * vb * vb;
		double meat = Math.max(0, a - 2 * beta * b + beta * beta * c);
		return n / (n - 2) * meat / (m2T * m2T);
	}

	/** The 97.5% quantile of Student's t with df degrees of freedom (table to 30, then Cornish-Fisher to 1e-3). */
	static double studentT975(int df) {
		double[] table = { 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
				2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
				2.045, 2.042 };
		if (df <= table.length) {
			return table[df - 1];
		}
		double z = 1.959964;
		double z3 = z * z * z;
		return z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96.0 * df * df);
	}

	@Override
	public String toString() {
		return "RequestGroup " + id + " (" + requestType + ", " + count + " traces)";
	}
}
