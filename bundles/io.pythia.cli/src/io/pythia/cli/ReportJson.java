// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.ImportResult;

/**
 * The analysis report as one JSON object (the interface other tools rely on): traces, events, warnings, and groups
 * by variance with their critical-path edges by share of the variance. Extra fields add detail.
 */
final class ReportJson {

	private static final JsonFactory JSON = new JsonFactory();

	private ReportJson() {
	}

	static void write(AnalysisReport report, ImportResult result, int rejected, OutputStream out) {
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

	private static void writeGroup(JsonGenerator g, AnalysisReport.Group group) throws IOException {
		var s = group.latency();
		g.writeStartObject();
		g.writeStringField("id", group.group().id());
		g.writeStringField("requestType", group.group().requestType());
		g.writeNumberField("count", group.group().count());
		g.writeNumberField("meanMs", s.mean() / 1e6);
		g.writeNumberField("cv", s.coefficientOfVariation());
		g.writeBooleanField("problem", group.problem());
		g.writeNumberField("varianceMs2", s.variance() / 1e12);
		g.writeNumberField("p50Ms", s.p50() / 1e6);
		g.writeNumberField("p90Ms", s.p90() / 1e6);
		g.writeNumberField("p99Ms", s.p99() / 1e6);
		g.writeStringField("representativeTrace", group.group().representative().id());
		g.writeArrayFieldStart("edges");
		for (EdgeShare e : group.edges()) {
			g.writeStartObject();
			g.writeStringField("from", e.from());
			g.writeStringField("to", e.to());
			g.writeNumberField("share", e.share());
			g.writeStringField("fromEvent", e.fromKind().label());
			g.writeStringField("toEvent", e.toKind().label());
			g.writeNumberField("position", e.position());
			g.writeNumberField("varianceShare", e.varianceShare());
			g.writeNumberField("meanMs", e.meanNanos() / 1e6);
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeEndObject();
	}
}
