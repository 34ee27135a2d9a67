// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Where two reports of the same traces disagree beyond rounding: an analysis in shards merged, or on other
 * machines, checked against one pass. Counts, group ids, flags, reasons, percentiles and attribute names must be
 * equal; means, variances, shares and p-values agree to 1e-9 relative (shares to 1e-9); the ends of
 * the shares' intervals to 1e-6, since their half-width is the root of sums that cancel, and one pass carries
 * rounding of about 1e-8 where it is near 0. Groups are matched by id and request type, edges by label (and, by
 * critical path, position).
 */
public final class ReportAgreement {

	private ReportAgreement() {
	}

	/**
	 * The disagreements, in words; none when the reports agree.
	 *
	 * @param ordered also compare what depends on arrival order: representatives, trace ids, edge slots and
	 *                positions (else only the set of trace ids)
	 */
	public static List<String> differences(AnalysisReport one, AnalysisReport other, boolean ordered) {
		List<String> out = new ArrayList<>();
		same(out, "traces", one.traces(), other.traces());
		same(out, "events", one.events(), other.events());
		same(out, "warnings", one.warningCount(), other.warningCount());
		same(out, "warning kinds", one.warningKinds(), other.warningKinds());
		Map<String, AnalysisReport.Group> byId = new HashMap<>();
		other.groups().forEach(g -> byId.put(key(g), g));
		same(out, "groups", one.groups().size(), other.groups().size());
		for (AnalysisReport.Group g : one.groups()) {
			AnalysisReport.Group m = byId.get(key(g));
			String at = "group " + key(g);
			if (m == null) {
				out.add(at + ": missing");
				continue;
			}
			same(out, at + " count", g.group().count(), m.group().count());
			same(out, at + " problem", g.problem(), m.problem());
			same(out, at + " reason", g.reason(), m.reason());
			close(out, at + " mean", g.latency().mean(), m.latency().mean());
			close(out, at + " variance", g.latency().variance(), m.latency().variance());
			same(out, at + " p50", g.latency().p50(), m.latency().p50());
			same(out, at + " p90", g.latency().p90(), m.latency().p90());
			same(out, at + " p99", g.latency().p99(), m.latency().p99());
			if (ordered) {
				same(out, at + " representative", g.group().representative().id(), m.group().representative().id());
				same(out, at + " trace ids", g.group().traceIds(), m.group().traceIds());
			} else if (g.group().traceIds().size() < g.group().count()) {
				// a group keeps the ids of its first traces only: which ones are first depends on the order
				same(out, at + " trace ids kept", g.group().traceIds().size(), m.group().traceIds().size());
			} else {
				same(out, at + " trace ids", new TreeSet<>(g.group().traceIds()), new TreeSet<>(m.group().traceIds()));
			}
			edges(out, at, g, m, ordered);
			attributes(out, at, g, m);
		}
		return out;
	}

	private static void edges(List<String> out, String at, AnalysisReport.Group g, AnalysisReport.Group m, boolean ordered) {
		// by workflow an edge is its label; by critical path a label may recur, and the slot is the path's position
		boolean byPath = g.group().grouping() == Grouping.CRITICAL_PATH;
		java.util.function.Function<EdgeShare, String> id = e -> byPath ? e.slot() + ": " + e.label() : e.label();
		Map<String, EdgeShare> edges = new HashMap<>();
		m.edges().forEach(e -> edges.put(id.apply(e), e));
		same(out, at + " edges", g.edges().size(), edges.size());
		double scale = Math.max(1, g.latency().mean());
		for (EdgeShare e : g.edges()) {
			EdgeShare o = edges.get(id.apply(e));
			String edge = at + ", edge " + id.apply(e);
			if (o == null) {
				out.add(edge + ": missing");
				continue;
			}
			if (ordered) { // slots follow first sight, positions the representative's path
				same(out, edge + " slot", e.slot(), o.slot());
				same(out, edge + " position", e.position(), o.position());
			}
			within(out, edge + " share", e.share(), o.share(), 1e-9);
			within(out, edge + " share low", e.shareLow(), o.shareLow(), 1e-6);
			within(out, edge + " share high", e.shareHigh(), o.shareHigh(), 1e-6);
			within(out, edge + " own share", e.varianceShare(), o.varianceShare(), 1e-9);
			within(out, edge + " mean", e.meanNanos(), o.meanNanos(), 1e-9 * scale);
			within(out, edge + " variance", e.varianceNanos2(), o.varianceNanos2(), 1e-9 * scale * scale);
		}
	}

	private static void attributes(List<String> out, String at, AnalysisReport.Group g, AnalysisReport.Group m) {
		if (g.attributes().size() != m.attributes().size()) {
			out.add(at + ": attributes " + g.attributes() + " against " + m.attributes());
			return;
		}
		for (int i = 0; i < g.attributes().size(); i++) {
			AttributeEffect a = g.attributes().get(i);
			AttributeEffect b = m.attributes().get(i);
			String attr = at + ", attribute " + a.describe();
			same(out, attr + " key", a.key(), b.key());
			same(out, attr + " value", a.value(), b.value());
			same(out, attr + " traces", a.traces(), b.traces());
			close(out, attr + " mean", a.meanNanos(), b.meanNanos());
			within(out, attr + " correlation", a.correlation(), b.correlation(), 1e-9);
			within(out, attr + " explained", a.varianceExplained(), b.varianceExplained(), 1e-9);
			close(out, attr + " p", a.p(), b.p());
		}
	}

	private static String key(AnalysisReport.Group g) {
		return g.group().id() + " (" + g.group().requestType() + ")";
	}

	private static void same(List<String> out, String what, Object a, Object b) {
		if (!Objects.equals(a, b)) {
			out.add(what + ": " + a + " against " + b);
		}
	}

	private static void close(List<String> out, String what, double a, double b) {
		within(out, what, a, b, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
	}

	private static void within(List<String> out, String what, double a, double b, double tolerance) {
		boolean special = Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b);
		if (special ? Double.compare(a, b) != 0 : Math.abs(a - b) > tolerance) {
			out.add(what + ": " + a + " against " + b);
		}
	}
}
