// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.TraceFormat;
import io.pythia.importers.TraceImporter;

/** Lean export round trip: what is written imports again with exactly the kept events and the same timing. */
class ExportCommandTest {

	@TempDir
	Path dir;

	private int export(String... args) {
		return new ExportCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))
				.run(List.of(args));
	}

	private static List<Trace> read(Path file, TraceFormat expected) throws Exception {
		List<Trace> traces = new ArrayList<>();
		List<TraceWarning> warnings = new ArrayList<>();
		TraceFormat format = new TraceImporter().read(file, TraceSink.of(traces::add, warnings::add));
		assertEquals(expected, format);
		assertEquals(List.of(), warnings, "lean traces need no repair");
		return traces;
	}

	@Test
	void keptTracepointsOnlyInJaegerAndOtlp() throws Exception {
		Path corpus = dir.resolve("corpus.json");
		new BenchCorpus(5).writeJaeger(corpus, 80 * 12);
		List<Trace> full = read(corpus, TraceFormat.JAEGER);
		Set<String> keep = Set.of("api:create_server", "api:delete_server", "api:list_images", "api:create_volume");
		Set<String> deeper = new HashSet<>();
		for (Trace t : full) {
			for (int e = 0; e < t.size(); e++) {
				if (t.tracepoint(e).contains("step_1_2")) {
					deeper.add(t.tracepoint(e));
				}
			}
		}
		Set<String> kept = new HashSet<>(keep);
		kept.addAll(deeper);
		for (String format : List.of("jaeger", "otlp")) {
			Path out = dir.resolve("lean." + format + ".json");
			assertEquals(0, export("--lean", "--keep", String.join(",", kept), "--format", format, "--out", out.toString(),
					corpus.toString()));
			List<Trace> lean = read(out, format.equals("jaeger") ? TraceFormat.JAEGER : TraceFormat.OTLP);
			assertEquals(full.size(), lean.size());
			for (int i = 0; i < full.size(); i++) {
				Trace f = full.get(i);
				Trace l = lean.get(i);
				long expectedSpans = 0;
				for (int e = 0; e < f.size(); e++) {
					expectedSpans += f.kind(e).name().equals("ENTRY") && kept.contains(f.tracepoint(e)) ? 1 : 0;
				}
				assertEquals(expectedSpans, l.spans(), format + " " + f.id());
				for (int e = 0; e < l.size(); e++) {
					assertTrue(kept.contains(l.tracepoint(e)), l.tracepoint(e));
				}
				assertEquals(f.duration() / 1000, l.duration() / 1000, "response time kept (µs)");
			}
		}
	}

	@Test
	void criticalPathExportKeepsThePath() throws Exception {
		Path corpus = dir.resolve("c.json");
		new BenchCorpus(6).writeJaeger(corpus, 80 * 4);
		List<Trace> full = read(corpus, TraceFormat.JAEGER);
		Path out = dir.resolve("cp.json");
		assertEquals(0, export("--lean", "--critical-path", "--out", out.toString(), corpus.toString()));
		List<Trace> lean = read(out, TraceFormat.JAEGER);
		for (int i = 0; i < full.size(); i++) {
			assertEquals(CriticalPath.of(full.get(i)).toString(), CriticalPath.of(lean.get(i)).toString());
			assertEquals(CriticalPath.of(full.get(i)).length(), lean.get(i).size(), "only the path's events");
		}
	}

	@Test
	void badArgumentsSayWhatIsMissing() throws Exception {
		Path corpus = Files.writeString(dir.resolve("x.json"), "{}");
		assertEquals(2, export("--keep", "a", corpus.toString()));
		assertEquals(2, export("--lean", corpus.toString()));
		assertEquals(2, export("--lean", "--keep", "a", "--format", "xml", corpus.toString()));
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new ExportCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
				.run(List.of("--lean", "--keep", "a", corpus.toString()));
		assertEquals(1, status);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("x.json"), err.toString(StandardCharsets.UTF_8));
	}
}
