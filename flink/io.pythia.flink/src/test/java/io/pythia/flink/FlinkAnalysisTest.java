// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.core.Progress;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.ReportAgreement;
import io.pythia.importers.TraceImporter;
import io.pythia.investigation.TraceAnalysis;

/** The Flink job on a local MiniCluster gives the report of the local analysis. */
class FlinkAnalysisTest {

	private static final Path SHARED = Path.of(System.getProperty("pythia.shared.traces", "../../../shared/traces"));

	@Test
	void theSharedTracesGiveTheLocalReport() throws Exception {
		assertTrue(Files.isDirectory(SHARED), SHARED + " is missing");
		assertSameReport(List.of(SHARED), AnalysisOptions.DEFAULTS);
	}

	@Test
	void aGeneratedCorpusOfThreeThousandTracesGivesTheLocalReport(@TempDir Path dir) throws Exception {
		for (int f = 0; f < 6; f++) {
			writeJaeger(dir.resolve("part-" + f + ".json"), f, 500);
		}
		Files.writeString(dir.resolve("broken.json"), "{\"data\": [ {\"traceID\": ");
		TraceAnalysis.Result flink = assertSameReport(List.of(dir), AnalysisOptions.DEFAULTS);
		assertEquals(3000, flink.report().traces());
		assertEquals(1, flink.imports().errors().size(), "the broken file is reported: " + flink.imports().errors());
		assertTrue(flink.report().problemGroups().stream().anyMatch(g -> g.ranked().get(0).from().startsWith("db:")),
				"the injected delay's group is a problem group");
	}

	@Test
	void anAccumulatorSurvivesItsTripThroughBytes() throws Exception {
		TraceAnalysis.Result local = TraceAnalysis.ofFiles(List.of(SHARED.resolve("jaeger")), AnalysisOptions.DEFAULTS
				.withRequestTypeRule(io.pythia.core.analysis.RequestTypeRule.parse("tag:http.method")), 0, Progress.NONE);
		io.pythia.core.analysis.Analysis a = new io.pythia.core.analysis.Analysis(local.report().options());
		new TraceImporter().readAll(List.of(SHARED.resolve("jaeger")), io.pythia.core.trace.TraceSink.of(a::accept, a::warn));
		FlinkAnalysis.Partial back = FlinkAnalysis.decode(FlinkAnalysis.encode(new FlinkAnalysis.Partial(a, 1, List.of(), List.of(), 0)));
		// options equal after the trip (the request-type rule is a value), so the accumulator merges
		io.pythia.core.analysis.Analysis merged = new io.pythia.core.analysis.Analysis(local.report().options());
		merged.merge(back.analysis());
		assertEquals(List.of(), ReportAgreement.differences(local.report(), merged.report(), true));
	}

	private static TraceAnalysis.Result assertSameReport(List<Path> paths, AnalysisOptions options) throws Exception {
		TraceAnalysis.Result local = TraceAnalysis.ofFiles(paths, options, 0, Progress.NONE);
		StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
		TraceAnalysis.Result flink = FlinkAnalysis.run(env, TraceImporter.expand(paths), options);
		AnalysisReport one = local.report();
		AnalysisReport other = flink.report();
		assertTrue(one.traces() > 0);
		assertEquals(List.of(), ReportAgreement.differences(one, other, false), "where the Flink report differs");
		assertEquals(local.imports().files(), flink.imports().files());
		assertEquals(local.imports().errors(), flink.imports().errors());
		assertEquals(local.rejected(), flink.rejected());
		return flink;
	}

	/** Jaeger JSON: a root calling an app span and, inside it, a database span whose time varies (the problem). */
	private static void writeJaeger(Path file, int part, int traces) throws IOException {
		Random random = new Random(part);
		try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(Files.newBufferedWriter(file))) {
			g.writeStartObject();
			g.writeArrayFieldStart("data");
			for (int t = 0; t < traces; t++) {
				String id = String.format("%016x%016x", part + 1, t + 1);
				long start = 1_700_000_000_000_000L + (part * traces + t) * 10_000L;
				String type = t % 2 == 0 ? "checkout" : "browse";
				long db = 200 + (type.equals("checkout") ? (long) (-Math.log(1 - random.nextDouble()) * 3000) : random.nextInt(20));
				long app = 100 + random.nextInt(10) + db + 50;
				g.writeStartObject();
				g.writeStringField("traceID", id);
				g.writeArrayFieldStart("spans");
				span(g, id, "0000000000000001", null, type, "p1", start, app + 100);
				span(g, id, "0000000000000002", "0000000000000001", "app:" + type, "p2", start + 20, app);
				span(g, id, "0000000000000003", "0000000000000002", "db:query", "p3", start + 70, db);
				g.writeEndArray();
				g.writeObjectFieldStart("processes");
				for (String[] p : new String[][] { { "p1", "gateway" }, { "p2", "app" }, { "p3", "db" } }) {
					g.writeObjectFieldStart(p[0]);
					g.writeStringField("serviceName", p[1]);
					g.writeEndObject();
				}
				g.writeEndObject();
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeEndObject();
		}
	}

	private static void span(JsonGenerator g, String trace, String id, String parent, String op, String process, long start,
			long duration) throws IOException {
		g.writeStartObject();
		g.writeStringField("traceID", trace);
		g.writeStringField("spanID", id);
		g.writeStringField("operationName", op);
		g.writeArrayFieldStart("references");
		if (parent != null) {
			g.writeStartObject();
			g.writeStringField("refType", "CHILD_OF");
			g.writeStringField("traceID", trace);
			g.writeStringField("spanID", parent);
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeNumberField("startTime", start);
		g.writeNumberField("duration", duration);
		g.writeStringField("processID", process);
		g.writeEndObject();
	}
}
