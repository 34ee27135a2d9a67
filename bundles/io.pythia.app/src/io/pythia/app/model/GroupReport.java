// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.json.JsonText;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceRestriction;

/**
 * The exports of the workbench that are not pictures: the group report as JSON (the fields of
 * {@code pythia analyze --json}) or CSV (one row per group, with its top edge), and the lean traces of a group
 * (each trace cut down to its critical path).
 */
public final class GroupReport {

	private GroupReport() {
	}

	public static void writeJson(AnalysisReport report, OutputStream out) throws IOException {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("traces", report.traces());
		root.put("events", report.events());
		List<Object> warnings = new ArrayList<>();
		report.warnings().forEach(w -> warnings.add(Map.of("trace", w.trace(), "message", w.message())));
		root.put("warnings", warnings);
		List<Object> groups = new ArrayList<>();
		for (AnalysisReport.Group g : report.groups()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("id", g.group().id());
			m.put("requestType", g.group().requestType());
			m.put("count", (long) g.group().count());
			m.put("meanMs", g.latency().mean() / 1e6);
			m.put("p50Ms", g.latency().p50() / 1e6);
			m.put("p99Ms", g.latency().p99() / 1e6);
			m.put("cv", g.latency().coefficientOfVariation());
			m.put("problem", g.problem());
			List<Object> edges = new ArrayList<>();
			for (EdgeShare e : g.edges()) {
				Map<String, Object> em = new LinkedHashMap<>();
				em.put("from", e.from());
				em.put("to", e.to());
				em.put("share", e.share());
				edges.add(em);
			}
			m.put("edges", edges);
			groups.add(m);
		}
		root.put("groups", groups);
		out.write((JsonText.write(root) + "\n").getBytes(StandardCharsets.UTF_8));
	}

	public static void writeCsv(AnalysisReport report, OutputStream out) throws IOException {
		StringBuilder sb = new StringBuilder("group,request_type,count,mean_ms,p50_ms,p90_ms,p99_ms,cv,variance_ms2,problem,top_edge,top_share\n");
		for (AnalysisReport.Group g : report.groups()) {
			EdgeShare top = g.edges().isEmpty() ? null : g.edges().get(0);
			sb.append(String.join(",", g.group().id(), csv(g.group().requestType()), Integer.toString(g.group().count()),
					num(g.latency().mean() / 1e6), num(g.latency().p50() / 1e6), num(g.latency().p90() / 1e6),
					num(g.latency().p99() / 1e6), num(g.latency().coefficientOfVariation()),
					num(g.latency().variance() / 1e12), Boolean.toString(g.problem()), top == null ? "" : csv(top.label()),
					top == null ? "" : num(top.share()))).append('\n');
		}
		out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** Each trace restricted to the events of its critical path (edges contracted): what explains its time. */
	public static List<Trace> lean(List<Trace> traces) {
		List<Trace> out = new ArrayList<>(traces.size());
		for (Trace t : traces) {
			boolean[] on = new boolean[t.size()];
			for (int e : CriticalPath.of(t).events()) {
				on[e] = true;
			}
			out.add(TraceRestriction.restrict(t, e -> on[e]));
		}
		return out;
	}

	private static String num(double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}

	/** RFC 4180 quoting when a value holds a comma, quote or line break. */
	static String csv(String s) {
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
	}
}
