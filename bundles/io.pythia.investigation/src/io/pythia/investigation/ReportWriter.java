// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.AttributeEffect;
import io.pythia.core.analysis.Comparison;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.ImportResult;

/**
 * The analysis report as the command line and the workbench write it: as one JSON object (the interface other tools
 * rely on: traces, events, warnings, and groups by variance with their critical-path edges by share of the
 * variance; extra fields add detail), or as CSV, one row per group with its top edge.
 */
public final class ReportWriter {

	private static final JsonFactory JSON = new JsonFactory();

	private ReportWriter() {
	}

	/** The report of an import and analysis as JSON. */
	public static void json(TraceAnalysis.Result result, OutputStream out) {
		json(result.report(), result.imports(), result.rejected(), out);
	}

	/**
	 * @param result   the files read (and those that failed)
	 * @param rejected traces that could not be assembled
	 */
	public static void json(AnalysisReport report, ImportResult result, int rejected, OutputStream out) {
		try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
			g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			g.useDefaultPrettyPrinter();
			g.writeStartObject();
			g.writeNumberField("traces", report.traces());
			g.writeNumberField("events", report.events());
			g.writeNumberField("files", result.files());
			g.writeNumberField("rejectedTraces", rejected);
			g.writeArrayFieldStart("errors");
			for (ImportResult.FileError e : result.errors()) {
				g.writeStartObject();
				g.writeStringField("file", e.file().toString());
				g.writeStringField("message", e.message());
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeNumberField("warningCount", report.warningCount());
			g.writeArrayFieldStart("warnings");
			for (TraceWarning w : report.warnings()) {
				g.writeStartObject();
				g.writeStringField("trace", w.trace());
				g.writeStringField("message", w.message());
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeObjectFieldStart("warningKinds");
			for (Map.Entry<String, Integer> e : report.warningKinds().entrySet()) {
				g.writeNumberField(e.getKey(), e.getValue());
			}
			g.writeEndObject();
			g.writeNumberField("cvThreshold", report.options().cvThreshold());
			g.writeNumberField("minTraces", report.options().minTraces());
			g.writeStringField("grouping", report.options().grouping().label());
			g.writeObjectFieldStart("slosMs");
			for (Map.Entry<String, Double> e : new java.util.TreeMap<>(report.options().slosMillis()).entrySet()) {
				g.writeNumberField(e.getKey(), e.getValue());
			}
			g.writeEndObject();
			g.writeArrayFieldStart("groups");
			for (AnalysisReport.Group group : report.groups()) {
				writeGroup(g, group);
			}
			g.writeEndArray();
			g.writeEndObject();
			g.writeRaw('\n');
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * A comparison as one JSON object: {"baselineTraces", "selectionTraces", "requestTypes": [...], "changes": [...]},
	 * changes most explanatory first (see {@link Comparison}).
	 */
	public static void json(Comparison c, OutputStream out) {
		try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
			g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			g.useDefaultPrettyPrinter();
			g.writeStartObject();
			g.writeNumberField("baselineTraces", c.baselineTraces());
			g.writeNumberField("selectionTraces", c.selectionTraces());
			g.writeArrayFieldStart("requestTypes");
			for (Comparison.TypeChange t : c.requestTypes()) {
				g.writeStartObject();
				g.writeStringField("requestType", t.requestType());
				g.writeNumberField("baselineTraces", t.baselineTraces());
				g.writeNumberField("selectionTraces", t.selectionTraces());
				writeFinite(g, "baselineMeanMs", t.baselineMeanNanos() / 1e6);
				writeFinite(g, "selectionMeanMs", t.selectionMeanNanos() / 1e6);
				writeFinite(g, "deltaMs", t.deltaNanos() / 1e6);
				writeFinite(g, "baselineCv", t.baselineCv());
				writeFinite(g, "selectionCv", t.selectionCv());
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeArrayFieldStart("changes");
			for (Comparison.Change ch : c.changes()) {
				g.writeStartObject();
				g.writeStringField("requestType", ch.requestType());
				if (ch.from().equals(ch.to())) {
					g.writeStringField("tracepoint", ch.from()); // the span's own time
				}
				g.writeStringField("from", ch.from());
				g.writeStringField("to", ch.to());
				g.writeStringField("fromEvent", ch.fromKind().label());
				g.writeStringField("toEvent", ch.toKind().label());
				g.writeNumberField("baselineMeanMs", ch.baselineMeanNanos() / 1e6);
				g.writeNumberField("selectionMeanMs", ch.selectionMeanNanos() / 1e6);
				g.writeNumberField("deltaMs", ch.deltaNanos() / 1e6);
				g.writeNumberField("deltaLowMs", ch.deltaLowNanos() / 1e6);
				g.writeNumberField("deltaHighMs", ch.deltaHighNanos() / 1e6);
				writeFinite(g, "explains", ch.explains());
				g.writeNumberField("weightMs", ch.weightNanos() / 1e6);
				g.writeNumberField("baselineShare", ch.baselineShare());
				g.writeNumberField("selectionShare", ch.selectionShare());
				g.writeNumberField("p", ch.p());
				g.writeBooleanField("significant", ch.significant());
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeEndObject();
			g.writeRaw('\n');
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** One row per group: its latency figures and its top edge. */
	public static void csv(AnalysisReport report, OutputStream out) throws IOException {
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

	private static String num(double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}

	/** RFC 4180 quoting when a value holds a comma, quote or line break. */
	static String csv(String s) {
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
	}

	private static void writeFinite(JsonGenerator g, String field, double v) throws IOException {
		if (Double.isFinite(v)) {
			g.writeNumberField(field, v);
		} else {
			g.writeNullField(field);
		}
	}

	private static void writeGroup(JsonGenerator g, AnalysisReport.Group group) throws IOException {
		var s = group.latency();
		g.writeStartObject();
		g.writeStringField("id", group.group().id());
		g.writeStringField("requestType", group.group().requestType());
		g.writeNumberField("count", group.group().count());
		g.writeNumberField("meanMs", s.mean() / 1e6);
		g.writeNumberField("cv", s.coefficientOfVariation());
		g.writeBooleanField("problem", group.problem());
		g.writeStringField("reason", group.reason().label());
		g.writeNumberField("varianceMs2", s.variance() / 1e12);
		g.writeNumberField("p50Ms", s.p50() / 1e6);
		g.writeNumberField("p90Ms", s.p90() / 1e6);
		g.writeNumberField("p99Ms", s.p99() / 1e6);
		g.writeStringField("representativeTrace", group.group().representative().id());
		g.writeArrayFieldStart("edges");
		for (EdgeShare e : group.ranked()) { // a slow group's by its part of the time
			g.writeStartObject();
			g.writeStringField("from", e.from());
			g.writeStringField("to", e.to());
			g.writeNumberField("share", e.share());
			// the share's 95% interval; null with too few traces to say
			writeFinite(g, "shareLow", e.shareLow());
			writeFinite(g, "shareHigh", e.shareHigh());
			g.writeStringField("fromEvent", e.fromKind().label());
			g.writeStringField("toEvent", e.toKind().label());
			g.writeNumberField("position", e.position()); // on the representative's path, -1 when off it
			g.writeNumberField("varianceShare", e.varianceShare());
			g.writeNumberField("meanMs", e.meanNanos() / 1e6);
			g.writeNumberField("timeShare", s.mean() > 0 ? e.meanNanos() / s.mean() : 0); // of the mean response time
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeArrayFieldStart("attributes"); // span attributes that go with slower requests, most explanatory first
		for (AttributeEffect a : group.attributes()) {
			g.writeStartObject();
			g.writeStringField("key", a.key());
			if (a.value() != null) {
				g.writeStringField("value", a.value());
			}
			g.writeStringField("kind", a.kind().label());
			g.writeNumberField("traces", a.traces());
			g.writeNumberField("meanMs", a.meanNanos() / 1e6);
			writeFinite(g, "othersMeanMs", a.othersMeanNanos() / 1e6);
			writeFinite(g, "correlation", a.correlation());
			g.writeNumberField("varianceExplained", a.varianceExplained());
			g.writeNumberField("p", a.p());
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeEndObject();
	}
}
