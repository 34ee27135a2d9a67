// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;

/** A bad line of an NDJSON file is reported with its line and column, and the lines after it are read. */
class NdjsonRecoveryTest {

	@TempDir
	Path dir;

	/** One OTLP/JSON export request on one line: a trace of a root span and two children. */
	static String line(int trace) {
		String id = String.format("%032x", 0x1000 + trace);
		String span = """
				{"traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"%s","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}""";
		String root = String.format("%016x", 0x100 + trace);
		return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"front\"}}]},"
				+ "\"scopeSpans\":[{\"spans\":[" //
				+ span.formatted(id, root, "", "GET /", 1000, 9000) + "," //
				+ span.formatted(id, String.format("%016x", 0x200 + trace), root, "query", 2000, 4000) + "," //
				+ span.formatted(id, String.format("%016x", 0x300 + trace), root, "render", 5000, 8000) //
				+ "]}]}]}";
	}

	private static List<String> lines(int n) {
		List<String> out = new ArrayList<>();
		for (int i = 1; i <= n; i++) {
			out.add(line(i));
		}
		return out;
	}

	private Path write(List<String> lines) throws IOException {
		Path file = dir.resolve("export.ndjson");
		Files.writeString(file, String.join("\n", lines) + "\n");
		return file;
	}

	private static CollectingSink read(Path file) throws IOException, TraceFormatException {
		CollectingSink sink = new CollectingSink();
		new TraceImporter().read(file, sink);
		return sink;
	}

	private static List<String> ids(CollectingSink sink) {
		return sink.traces.stream().map(Trace::id).sorted().toList();
	}

	private static List<String> idsOf(int... traces) {
		List<String> out = new ArrayList<>();
		for (int t : traces) {
			out.add(String.format("%032x", 0x1000 + t));
		}
		return out.stream().sorted().toList();
	}

	@Test
	void aMalformedLineIsReportedAndTheNextLineRead() throws Exception {
		List<String> lines = lines(5);
		lines.set(2, lines.get(2).replace("\"name\":\"query\"", "\"name\" \"query\""));
		Path file = write(lines);
		CollectingSink sink = read(file);
		assertEquals(idsOf(1, 2, 4, 5), ids(sink));
		assertEquals(1, sink.warnings.size(), sink.warningText());
		String w = sink.warnings.get(0).message();
		int column = lines.get(2).indexOf("\"query\"") + 1;
		assertEquals(file.toString(), sink.warnings.get(0).trace(), "the warning names the file");
		assertTrue(w.startsWith("line 3, column " + column + ": malformed JSON"), w);
		assertTrue(w.endsWith("line 3 is skipped, the next line is read"), w);
	}

	@Test
	void aLineCutShortDoesNotTakeTheNextLineWithIt() throws Exception {
		List<String> lines = lines(5);
		lines.set(1, lines.get(1).substring(0, lines.get(1).length() / 2));
		CollectingSink sink = read(write(lines));
		assertEquals(idsOf(1, 3, 4, 5), ids(sink));
		assertTrue(sink.warningText().contains("line 2 is skipped"), sink.warningText());
	}

	@Test
	void aBadFirstLineIsSkippedWhenTheNextLineStartsADocument() throws Exception {
		List<String> lines = lines(4);
		lines.set(0, lines.get(0).replace("\"resourceSpans\":[", "\"resourceSpans\" ["));
		CollectingSink sink = read(write(lines));
		assertEquals(idsOf(2, 3, 4), ids(sink));
		assertTrue(sink.warningText().contains("line 1, column "), sink.warningText());
	}

	@Test
	void aLineOfTheWrongShapeOrNoJsonAtAllIsSkipped() throws Exception {
		List<String> lines = lines(5);
		lines.set(1, "42");
		lines.set(3, "this is no JSON");
		CollectingSink sink = read(write(lines));
		assertEquals(idsOf(1, 3, 5), ids(sink));
		assertEquals(2, sink.warnings.size(), sink.warningText());
		assertTrue(sink.warnings.get(0).message().contains("line 2, column 1: an OTLP document should be an object"),
				sink.warningText());
		assertTrue(sink.warnings.get(1).message().contains("line 4 is skipped"), sink.warningText());
	}

	@Test
	void aTruncatedLastLineIsAWarningNotAnError() throws Exception {
		List<String> lines = lines(3);
		Path file = dir.resolve("growing.ndjson");
		String last = line(4);
		Files.writeString(file, String.join("\n", lines) + "\n" + last.substring(0, 100));
		CollectingSink sink = read(file);
		assertEquals(idsOf(1, 2, 3), ids(sink));
		assertTrue(sink.warnings.get(0).message().endsWith("line 4 is skipped"), sink.warningText());
	}

	@Test
	void aTraceSpreadOverLinesKeepsTheSpansOfItsGoodLines() throws Exception {
		// trace 1's children come on a later line than its root, past a bad line
		String whole = line(1);
		int cut = whole.indexOf(",{\"traceId\"");
		String rootOnly = whole.substring(0, cut) + "]}]}]}";
		String children = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
				+ "{\"stringValue\":\"front\"}}]},\"scopeSpans\":[{\"spans\":[" + whole.substring(cut + 1);
		CollectingSink sink = read(write(List.of(rootOnly, "{\"resourceSpans\": [", children, line(2))));
		assertEquals(idsOf(1, 2), ids(sink));
		assertEquals(3, sink.traces.stream().filter(t -> t.id().equals(idsOf(1).get(0))).findFirst().orElseThrow().spans());
	}

	@Test
	void gzippedNdjsonRecoversToo() throws Exception {
		List<String> lines = lines(4);
		lines.set(1, "{\"resourceSpans\": [}");
		Path file = dir.resolve("export.ndjson.gz");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
			out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
		}
		CollectingSink sink = read(file);
		assertEquals(idsOf(1, 3, 4), ids(sink));
	}

	@Test
	void aPrettyPrintedDocumentStillEndsAtItsError() throws Exception {
		String pretty = line(1).replace("{\"resourceSpans\":[", "{\n  \"resourceSpans\": [\n").replace("\"query\"",
				"\"query\" \"oops\"") + "\n" + line(2);
		Path file = dir.resolve("pretty.json");
		Files.writeString(file, pretty);
		CollectingSink sink = new CollectingSink();
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(file, sink));
		assertTrue(e.getMessage().startsWith(file + ": line 3, column "), e.getMessage());
		assertEquals(0, sink.traces.size());
	}

	@Test
	void tooManyBadLinesEndTheFile() throws Exception {
		List<String> lines = new ArrayList<>();
		lines.add(line(1));
		for (int i = 0; i < 150; i++) {
			lines.add("{\"resourceSpans\": oops}");
		}
		lines.add(line(2));
		Path file = write(lines);
		CollectingSink sink = new CollectingSink();
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(file, sink));
		assertTrue(e.getMessage().startsWith(file + ": line 102, column "), e.getMessage());
		assertEquals(100, sink.warnings.size());
		assertEquals(idsOf(1), ids(sink));
	}

	@Test
	void theParallelReadDeliversWhatTheSequentialDoes() throws Exception {
		List<String> lines = lines(400);
		lines.set(17, lines.get(17).substring(0, 50));
		lines.set(250, "[1, 2, 3]");
		Path file = write(lines);
		CollectingSink sequential = new CollectingSink();
		new TraceImporter(new Interner(), Long.MAX_VALUE).read(file, sequential);
		CollectingSink parallel = new CollectingSink();
		new TraceImporter(new Interner(), 0).read(file, parallel);
		assertEquals(398, sequential.traces.size());
		assertEquals(ids(sequential), ids(parallel));
		assertEquals(sequential.warningText(), parallel.warningText());
	}
}
