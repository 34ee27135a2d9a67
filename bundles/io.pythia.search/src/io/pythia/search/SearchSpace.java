// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/**
 * Everything that could be instrumented, learned from traces recorded with all instrumentation enabled: per request
 * type, the tracepoints, their calling hierarchy (which runs inside which), where in a request they run (mean
 * offsets from the request's start), and the skeleton that is always on (the root and the tracepoints where a
 * request enters another service).
 */
public final class SearchSpace {

	/** Version of the saved form: 2 adds the offsets from the parent; a file of version 1 reads without them. */
	public static final int VERSION = 2;

	/**
	 * A tracepoint of one request type.
	 *
	 * @param id          tracepoint id
	 * @param parent      the tracepoint whose span it runs inside (its calling context), or null at the top
	 * @param depth       0 for the root
	 * @param service     service it runs in
	 * @param skeleton    always enabled
	 * @param meanStart   mean offset of its entry from the request's start (ns)
	 * @param meanEnd     mean offset of its exit (ns)
	 * @param occurrences how many times it was seen
	 * @param elsewhere   the other calling contexts it was seen in (a service called from two places), each with
	 *                    its mean entry and exit offsets there; the offsets above are those under {@code parent}
	 * @param relStart    mean offset of its entry from its parent's entry (ns), over every calling context; NaN at
	 *                    the top or when not known (a space saved by version 1)
	 * @param relEnd      mean offset of its exit from its parent's entry (ns), likewise
	 */
	public record Tracepoint(String id, String parent, int depth, String service, boolean skeleton, double meanStart,
			double meanEnd, long occurrences, Map<String, double[]> elsewhere, double relStart, double relEnd) {

		public Tracepoint(String id, String parent, int depth, String service, boolean skeleton, double meanStart,
				double meanEnd, long occurrences, Map<String, double[]> elsewhere) {
			this(id, parent, depth, service, skeleton, meanStart, meanEnd, occurrences, elsewhere, Double.NaN, Double.NaN);
		}

		public Tracepoint(String id, String parent, int depth, String service, boolean skeleton, double meanStart,
				double meanEnd, long occurrences) {
			this(id, parent, depth, service, skeleton, meanStart, meanEnd, occurrences, Map.of());
		}

		public double meanDuration() {
			return meanEnd - meanStart;
		}
	}

	private final Map<String, Map<String, Tracepoint>> byType;

	/** A space as saved: per request type, its tracepoints by id ({@link #asMap()} gives it back). */
	public SearchSpace(Map<String, Map<String, Tracepoint>> byType) {
		this.byType = byType;
	}

	/** Learns the space from fully instrumented traces. */
	public static SearchSpace build(Collection<Trace> traces, RequestTypeRule rule) {
		Builder b = new Builder(rule);
		traces.forEach(b::add);
		return b.build();
	}

	/**
	 * The space learned trace by trace: sums and counts per tracepoint, so that builders fed with parts of the traces
	 * (the tasks of a streaming job) merge into the space all of them give.
	 */
	public static final class Builder implements java.io.Serializable {
		private static final long serialVersionUID = 1L;
		private final RequestTypeRule rule;
		private final Map<String, Map<String, Acc>> acc = new TreeMap<>();

		public Builder(RequestTypeRule rule) {
			this.rule = rule;
		}

		public Builder add(Trace t) {
			String type = rule.requestType(t);
			Map<String, Acc> tps = acc.computeIfAbsent(type, k -> new LinkedHashMap<>());
			long origin = Long.MAX_VALUE;
			for (int e = 0; e < t.size(); e++) {
				origin = Math.min(origin, t.time(e));
			}
			Map<Integer, Long> exitOf = new java.util.HashMap<>();
			for (int e = 0; e < t.size(); e++) {
				if (t.kind(e) == EventKind.EXIT) {
					// the exit of a span shares its entry's calling context; find the entry by walking back
					exitOf.put(entryOf(t, e), t.time(e));
				}
			}
			for (int e = 0; e < t.size(); e++) {
				if (t.kind(e) == EventKind.EXIT) {
					continue;
				}
				String id = t.tracepoint(e);
				int context = t.enclosing(e);
				String parent = context < 0 ? null : t.tracepoint(context);
				String service = t.attributes(e).service();
				String parentService = context < 0 ? null : t.attributes(context).service();
				boolean boundary = context < 0 || e == t.rootEvent() || SpanTraceAssembler.SYNTHETIC_ROOT.equals(parent)
						|| !service.equals(parentService);
				Acc a = tps.computeIfAbsent(id, k -> new Acc(id, parent, service));
				a.skeleton |= boundary || SpanTraceAssembler.SYNTHETIC_ROOT.equals(id);
				a.n++;
				// offsets are kept per calling context: a service called from two places runs at other times in each
				double[] where = a.byParent.computeIfAbsent(String.valueOf(parent), k -> new double[3]);
				where[0] += t.time(e) - origin;
				where[1] += exitOf.getOrDefault(e, t.time(e)) - origin;
				where[2]++;
				if (context >= 0) { // and from its parent's entry, whoever called the parent
					a.fromParent[0] += t.time(e) - t.time(context);
					a.fromParent[1] += exitOf.getOrDefault(e, t.time(e)) - t.time(context);
					a.fromParent[2]++;
				}
			}
			return this;
		}

		/** Adds what another builder learned (its request-type rule must be the same). */
		public Builder merge(Builder other) {
			other.acc.forEach((type, tps) -> {
				Map<String, Acc> mine = acc.computeIfAbsent(type, k -> new LinkedHashMap<>());
				tps.forEach((id, o) -> {
					Acc a = mine.computeIfAbsent(id, k -> new Acc(o.id, o.parent, o.service));
					a.skeleton |= o.skeleton;
					a.n += o.n;
					for (int i = 0; i < 3; i++) {
						a.fromParent[i] += o.fromParent[i];
					}
					o.byParent.forEach((p, w) -> {
						double[] where = a.byParent.computeIfAbsent(p, k -> new double[3]);
						for (int i = 0; i < 3; i++) {
							where[i] += w[i];
						}
					});
				});
			});
			return this;
		}

		/** The request types seen so far. */
		public Set<String> requestTypes() {
			return acc.keySet();
		}

		public SearchSpace build() {
			Map<String, Map<String, Tracepoint>> byType = new TreeMap<>();
			acc.forEach((type, tps) -> {
				Map<String, Tracepoint> out = new LinkedHashMap<>();
				for (Acc a : tps.values()) {
					double[] main = a.byParent.get(String.valueOf(a.parent));
					Map<String, double[]> elsewhere = new LinkedHashMap<>();
					a.byParent.forEach((p, w) -> {
						if (!p.equals(String.valueOf(a.parent))) {
							elsewhere.put(p, new double[] { w[0] / w[2], w[1] / w[2] });
						}
					});
					double[] rel = a.fromParent;
					out.put(a.id, new Tracepoint(a.id, a.parent, depth(a, tps), a.service, a.skeleton, main[0] / main[2],
							main[1] / main[2], a.n, elsewhere.isEmpty() ? Map.of() : elsewhere,
							rel[2] > 0 ? rel[0] / rel[2] : Double.NaN, rel[2] > 0 ? rel[1] / rel[2] : Double.NaN));
				}
				byType.put(type, out);
			});
			return new SearchSpace(byType);
		}
	}

	/** The entry event of the span whose exit is e: the entry with the same tracepoint and calling context. */
	private static int entryOf(Trace t, int exit) {
		// assembled span traces keep a span's entry right before its exit
		for (int e = exit - 1; e >= 0; e--) {
			if (t.kind(e) == EventKind.ENTRY && t.tracepoint(e).equals(t.tracepoint(exit))
					&& t.enclosing(e) == t.enclosing(exit)) {
				return e;
			}
		}
		return exit;
	}

	private static int depth(Acc a, Map<String, Acc> all) {
		int d = 0;
		for (Acc p = all.get(a.parent); p != null && d < 1000; p = all.get(p.parent)) {
			d++;
		}
		return d;
	}

	public Set<String> requestTypes() {
		return byType.keySet();
	}

	public Collection<Tracepoint> tracepoints(String requestType) {
		return byType.getOrDefault(requestType, Map.of()).values();
	}

	public Tracepoint tracepoint(String requestType, String id) {
		return byType.getOrDefault(requestType, Map.of()).get(id);
	}

	/** Number of (tracepoint, request type) pairs: what "% of the search space" is a share of. */
	public int size() {
		return byType.values().stream().mapToInt(Map::size).sum();
	}

	/** The always-enabled instrumentation. */
	public InstrumentationState skeleton() {
		List<InstrumentationState.Toggle> on = new ArrayList<>();
		byType.forEach((type, tps) -> tps.values().stream().filter(Tracepoint::skeleton)
				.forEach(tp -> on.add(new InstrumentationState.Toggle(tp.id(), type))));
		return InstrumentationState.of(on);
	}

	/** Tracepoints whose calling context is {@code id}, earliest first. */
	public List<Tracepoint> children(String requestType, String id) {
		return tracepoints(requestType).stream().filter(tp -> id.equals(tp.parent()))
				.sorted(Comparator.comparingDouble(Tracepoint::meanStart)).toList();
	}

	/** The calling contexts of a tracepoint, itself first, up to the root. */
	public List<String> contexts(String requestType, String id) {
		List<String> chain = new ArrayList<>();
		for (Tracepoint tp = tracepoint(requestType, id); tp != null && chain.size() < 1000; tp = tracepoint(requestType,
				tp.parent())) {
			chain.add(tp.id());
			if (tp.parent() == null) {
				break;
			}
		}
		return chain;
	}

	/**
	 * The calling-context chains of a tracepoint, itself first: its main chain (through main parents) first, then one
	 * through each other context it or one of its ancestors was seen in (a service called from two places, and what
	 * runs inside it), each going on up the same way.
	 */
	public List<List<String>> contextChains(String requestType, String id) {
		if (tracepoint(requestType, id) == null) {
			return List.of();
		}
		List<List<String>> out = new ArrayList<>();
		chains(requestType, id, List.of(), out);
		return out;
	}

	/** Bounds the chains of one tracepoint, so that many shared calls inside one another stay cheap. */
	private static final int MAX_CHAINS = 64;

	private void chains(String requestType, String id, List<String> below, List<List<String>> out) {
		List<String> main = contexts(requestType, id);
		List<String> chain = new ArrayList<>(below);
		chain.addAll(main);
		out.add(chain);
		List<String> prefix = new ArrayList<>(below);
		for (String a : main) {
			prefix.add(a);
			Tracepoint tp = tracepoint(requestType, a);
			for (String other : tp == null ? java.util.Set.<String>of() : tp.elsewhere().keySet()) {
				if (out.size() >= MAX_CHAINS || prefix.size() + 1 > 1000) {
					return;
				}
				if ("null".equals(other)) {
					out.add(new ArrayList<>(prefix));
				} else if (!prefix.contains(other)) {
					chains(requestType, other, prefix, out);
				}
			}
		}
	}

	/** Whether the tracepoint runs inside {@code context} (through any of its calling contexts). */
	public boolean within(String requestType, String id, String context) {
		return contextChains(requestType, id).stream().anyMatch(c -> c.contains(context));
	}

	/**
	 * Mean entry and exit offsets of a tracepoint where it runs inside {@code context}, from the request's start.
	 * Along the first calling-context chain that leads there, below the nearest span with several callers (the image
	 * fetch, called by either compute node; or the tracepoint itself) the offsets are that span's under the caller on
	 * the chain, plus the steps' offsets from their parents: a step's own means mix the callers, which run it at other
	 * times (the fetch's record step came out before the fetch itself under compute-1, whose builds wait for a
	 * permit). Without such a span on the way, the tracepoint's own means.
	 */
	public double[] offsets(String requestType, String id, String context) {
		Tracepoint tp = tracepoint(requestType, id);
		if (tp == null) {
			return new double[] { Double.NaN, Double.NaN };
		}
		double[] own = { tp.meanStart(), tp.meanEnd() };
		if (context == null) {
			return own;
		}
		for (List<String> chain : contextChains(requestType, id)) {
			int at = chain.indexOf(context);
			if (at < 0) {
				continue;
			}
			for (int k = 0; k < at; k++) {
				Tracepoint shared = tracepoint(requestType, chain.get(k));
				if (shared == null) {
					return own;
				}
				if (shared.elsewhere().isEmpty()) {
					continue;
				}
				String caller = chain.get(k + 1);
				double[] there = caller.equals(shared.parent()) ? new double[] { shared.meanStart(), shared.meanEnd() }
						: shared.elsewhere().get(caller);
				if (there == null) {
					return own;
				}
				if (k == 0) {
					return there.clone();
				}
				double start = there[0]; // becomes the entry of the tracepoint's parent
				for (int j = k - 1; j >= 1; j--) {
					start += tracepoint(requestType, chain.get(j)).relStart();
				}
				double[] o = { start + tp.relStart(), start + tp.relEnd() };
				return Double.isNaN(o[0]) || Double.isNaN(o[1]) ? own : o;
			}
			return own;
		}
		return own;
	}

	/** Per request type, its tracepoints by id, as a saved space holds them. */
	public Map<String, Map<String, Tracepoint>> asMap() {
		return byType;
	}

	private static final class Acc implements java.io.Serializable {
		private static final long serialVersionUID = 1L;
		final String id;
		final String parent;
		final String service;
		boolean skeleton;
		long n;
		/** per calling context: sum of entry offsets, sum of exit offsets, count */
		final Map<String, double[]> byParent = new LinkedHashMap<>(2);
		/** from the parent's entry: sum of entry offsets, sum of exit offsets, count */
		final double[] fromParent = new double[3];

		Acc(String id, String parent, String service) {
			this.id = id;
			this.parent = parent;
			this.service = service;
		}
	}
}
