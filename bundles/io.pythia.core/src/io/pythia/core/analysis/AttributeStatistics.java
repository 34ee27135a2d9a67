// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Trace;

/**
 * What the span attributes of a request group's traces say about its response time (VAIF's third principle: key/value
 * pairs that go with latency, such as a replica id or a queue length). Sums only, kept as traces arrive: per key and
 * value the traces carrying it and their response times' sum and sum of squares; for a numeric key the co-moment
 * sums of its value with the response time. No trace is kept.
 *
 * <p>
 * A trace carries a key's values from all its spans (tags, and the host each span ran on as key "host"). A key of
 * at most {@value #FEW_VALUES} distinct values, or not numeric, is tested value by value: Welch's t of the traces
 * carrying the value against the others. A numeric key of more values is tested by correlation, with a trace's
 * largest value. A key of more than {@value #MAX_VALUES} values that is not numeric (ids, statements) is not
 * tested. An effect is reported when its p-value is under 0.05 divided by the number of tests made in the group
 * (Bonferroni): a group of 40 keys of noise then shows nothing 95% of the time. Effects are ranked by the part of
 * the group's response-time variance they explain.
 */
public final class AttributeStatistics implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	/** Keys followed per group: past that, new keys are not (a group's first traces name its usual keys). */
	static final int MAX_KEYS = 64;
	/** Values followed per key; past that a non-numeric key is an identifier, not a cause. */
	static final int MAX_VALUES = 32;
	/** A numeric key of at most this many values is read by value (a replica number), above by correlation. */
	static final int FEW_VALUES = 10;
	static final double ALPHA = 0.05;
	/** Effects reported per group. */
	static final int REPORTED = 10;
	private static final String HOST = "host";

	private int n;
	/** Response times are summed less the first one, so that the sums of squares keep their precision. */
	private double shift = Double.NaN;
	private double sum;
	private double sumSquares;
	private final Map<String, Key> keys = new HashMap<>();

	/** The tag maps of this trace noted so far (by identity; the first few). */
	@SuppressWarnings("unchecked")
	private final Map<String, String>[] notedTags = new Map[16];

	/** This trace's values per key: a String, or a list of the distinct ones. */
	private final Map<String, Object> seen = new HashMap<>();

	/** One key's sums. */
	private static final class Key implements java.io.Serializable {
		int n;
		double sum;
		double sumSquares;
		boolean numeric = true;
		double xShift = Double.NaN;
		double sumX;
		double sumXX;
		double sumXT;
		/** Per value: traces, sum and sum of squares of their (shifted) response times. */
		final Map<String, double[]> values = new HashMap<>();
		boolean tooMany;
	}

	/** Absorbs a trace of response time {@code nanos}. */
	public void add(Trace trace, double nanos) {
		if (n == 0) {
			shift = nanos;
		}
		double v = nanos - shift;
		n++;
		sum += v;
		sumSquares += v * v;
		seen.clear();
		int maps = 0;
		String lastHost = null;
		records: for (int i = 0; i < trace.attributeRecords(); i++) {
			Attributes a = trace.attributeRecord(i);
			if (a == null) {
				continue;
			}
			if (a.host() != lastHost && !a.host().isEmpty()) {
				note(HOST, a.host());
				lastHost = a.host();
			}
			Map<String, String> tags = a.tags();
			if (tags.isEmpty()) {
				continue;
			}
			// importers share equal tag maps between spans: a map noted already adds nothing
			for (int m = 0; m < maps; m++) {
				if (notedTags[m] == tags) {
					continue records;
				}
			}
			if (maps < notedTags.length) {
				notedTags[maps++] = tags;
			}
			for (Map.Entry<String, String> tag : tags.entrySet()) {
				if (tag.getValue() != null) {
					note(tag.getKey(), tag.getValue());
				}
			}
		}
		java.util.Arrays.fill(notedTags, 0, maps, null);
		for (Map.Entry<String, Object> e : seen.entrySet()) {
			Key k = key(e.getKey());
			if (k != null) {
				absorb(k, e.getValue(), v);
			}
		}
	}

	/** A key's sums, new ones while fewer than {@value #MAX_KEYS} are followed; null past that. */
	private Key key(String name) {
		Key k = keys.get(name);
		if (k == null && keys.size() < MAX_KEYS) {
			k = new Key();
			keys.put(name, k);
		}
		return k;
	}

	/**
	 * Absorbs another group's sums, as if its traces had been added after this one's: the other's response times
	 * (and a numeric key's values) are moved to this one's shifts, then the sums add up. The other's new keys are
	 * followed while there are fewer than {@value #MAX_KEYS}; a key's values past {@value #MAX_VALUES} make it an
	 * identifier, as in one pass.
	 */
	public void merge(AttributeStatistics o) {
		if (o.n == 0) {
			return;
		}
		if (n == 0) {
			shift = o.shift;
		}
		double d = o.shift - shift;
		n += o.n;
		sum += o.sum + o.n * d;
		sumSquares += o.sumSquares + 2 * d * o.sum + o.n * d * d;
		for (Map.Entry<String, Key> e : o.keys.entrySet()) {
			Key k = key(e.getKey());
			if (k != null) {
				merge(k, e.getValue(), d);
			}
		}
	}

	private static void merge(Key k, Key o, double d) {
		if (k.numeric && o.numeric && o.n > 0) {
			if (k.n == 0) {
				k.xShift = o.xShift;
			}
			double e = o.xShift - k.xShift;
			k.sumXT += o.sumXT + d * o.sumX + e * o.sum + o.n * e * d;
			k.sumXX += o.sumXX + 2 * e * o.sumX + o.n * e * e;
			k.sumX += o.sumX + o.n * e;
		}
		k.numeric &= o.numeric;
		k.sum += o.sum + o.n * d;
		k.sumSquares += o.sumSquares + 2 * d * o.sum + o.n * d * d;
		k.n += o.n;
		if (o.tooMany) {
			k.tooMany = true;
		}
		if (!k.tooMany) {
			for (Map.Entry<String, double[]> v : o.values.entrySet()) {
				double[] st = k.values.get(v.getKey());
				if (st == null) {
					if (k.values.size() >= MAX_VALUES) {
						k.tooMany = true;
						break;
					}
					st = new double[3];
					k.values.put(v.getKey(), st);
				}
				double[] ot = v.getValue();
				st[0] += ot[0];
				st[2] += ot[2] + 2 * d * ot[1] + ot[0] * d * d;
				st[1] += ot[1] + ot[0] * d;
			}
		}
		if (k.tooMany) {
			k.values.clear();
		}
	}

	private void note(String key, String value) {
		Object old = seen.putIfAbsent(key, value);
		if (old == null || old.equals(value)) {
			return;
		}
		if (old instanceof String s) {
			List<String> both = new ArrayList<>(2);
			both.add(s);
			both.add(value);
			seen.put(key, both);
		} else {
			@SuppressWarnings("unchecked")
			List<String> list = (List<String>) old;
			if (!list.contains(value) && list.size() < MAX_VALUES) {
				list.add(value);
			}
		}
	}

	private static void absorb(Key k, Object values, double v) {
		k.n++;
		k.sum += v;
		k.sumSquares += v * v;
		double largest = Double.NEGATIVE_INFINITY;
		if (values instanceof String s) {
			largest = value(k, s, v, largest);
		} else {
			@SuppressWarnings("unchecked")
			List<String> list = (List<String>) values;
			for (String s : list) {
				largest = value(k, s, v, largest);
			}
		}
		if (k.numeric) {
			if (Double.isNaN(k.xShift)) {
				k.xShift = largest;
			}
			double x = largest - k.xShift;
			k.sumX += x;
			k.sumXX += x * x;
			k.sumXT += x * v;
		}
	}

	/** Counts one value of a trace; returns the largest number so far (when the key is still numeric). */
	private static double value(Key k, String s, double v, double largest) {
		if (!k.tooMany) {
			double[] st = k.values.get(s);
			if (st == null) {
				if (k.values.size() >= MAX_VALUES) {
					k.tooMany = true;
					k.values.clear();
				} else {
					st = new double[3];
					k.values.put(s, st);
				}
			}
			if (st != null) {
				st[0]++;
				st[1] += v;
				st[2] += v * v;
			}
		}
		if (k.numeric) {
			double x = number(s);
			if (Double.isNaN(x)) {
				k.numeric = false;
			} else {
				largest = Math.max(largest, x);
			}
		}
		return largest;
	}

	/** The number a value writes, or NaN (no exception for the common case of text). */
	static double number(String s) {
		if (s.isEmpty() || s.length() > 32) {
			return Double.NaN;
		}
		char c = s.charAt(0);
		if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.')) {
			return Double.NaN;
		}
		try {
			double d = Double.parseDouble(s);
			return Double.isFinite(d) ? d : Double.NaN;
		} catch (NumberFormatException e) {
			return Double.NaN;
		}
	}

	/** The attributes that go with the response time, most of its variance first; empty with fewer than 4 traces. */
	public List<AttributeEffect> effects() {
		double total = sumSquares - sum * sum / n; // the group's sum of squares
		if (n < 4 || !(total > 0)) {
			return List.of();
		}
		List<AttributeEffect> candidates = new ArrayList<>();
		int tests = 0;
		for (Map.Entry<String, Key> e : keys.entrySet()) {
			Key k = e.getValue();
			boolean byValue = !k.tooMany && (!k.numeric || k.values.size() <= FEW_VALUES);
			if (byValue) {
				for (Map.Entry<String, double[]> val : k.values.entrySet()) {
					double[] st = val.getValue();
					if (st[0] >= 2 && n - st[0] >= 2) {
						tests++;
						AttributeEffect a = valueEffect(e.getKey(), val.getKey(), st, total);
						if (a != null) {
							candidates.add(a);
						}
					}
				}
			} else if (k.numeric && k.n >= 4) {
				tests++;
				AttributeEffect a = numericEffect(e.getKey(), k, total);
				if (a != null) {
					candidates.add(a);
				}
			}
		}
		double level = ALPHA / Math.max(1, tests);
		return candidates.stream().filter(a -> a.p() < level)
				.sorted(Comparator.comparingDouble(AttributeEffect::varianceExplained).reversed()
						.thenComparing(AttributeEffect::key).thenComparing(a -> a.value() == null ? "" : a.value()))
				.limit(REPORTED).toList();
	}

	/** Traces with the value against the others, by Welch's t; null unless they are the slower. */
	private AttributeEffect valueEffect(String key, String value, double[] st, double total) {
		double nv = st[0];
		double no = n - nv;
		double mv = st[1] / nv;
		double mo = (sum - st[1]) / no;
		if (!(mv > mo)) {
			return null; // the faster side: its complement is the effect, if there is one
		}
		double varV = Math.max(0, (st[2] - st[1] * st[1] / nv) / (nv - 1));
		double varO = Math.max(0, ((sumSquares - st[2]) - (sum - st[1]) * (sum - st[1]) / no) / (no - 1));
		double a = varV / nv;
		double b = varO / no;
		double se2 = a + b;
		double p;
		if (se2 <= 0) {
			p = 0; // no spread on either side, and the means differ
		} else {
			double t = (mv - mo) / Math.sqrt(se2);
			double df = se2 * se2 / (a * a / (nv - 1) + b * b / (no - 1));
			p = StudentT.twoSidedP(t, df);
		}
		double explained = nv * no / n * (mv - mo) * (mv - mo) / total;
		return new AttributeEffect(key, value, AttributeEffect.Kind.VALUE, (int) nv, mv + shift, mo + shift, Double.NaN,
				Math.min(1, explained), p);
	}

	/** The key's value against the response time over the traces with the key, by the t of Pearson's r. */
	private AttributeEffect numericEffect(String key, Key k, double total) {
		double nk = k.n;
		double vx = k.sumXX - k.sumX * k.sumX / nk;
		double vt = k.sumSquares - k.sum * k.sum / nk;
		if (!(vx > 0) || !(vt > 0)) {
			return null;
		}
		double r = Math.max(-1, Math.min(1, (k.sumXT - k.sumX * k.sum / nk) / Math.sqrt(vx * vt)));
		double df = nk - 2;
		double p = Math.abs(r) >= 1 ? 0 : StudentT.twoSidedP(r * Math.sqrt(df / (1 - r * r)), df);
		double others = n - nk;
		double othersMean = others > 0 ? (sum - k.sum) / others + shift : Double.NaN;
		return new AttributeEffect(key, null, AttributeEffect.Kind.NUMERIC, k.n, k.sum / nk + shift, othersMean, r,
				Math.min(1, r * r * vt / total), p);
	}
}
