// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.TraceFormatException;

/** Truncated and malformed files: an error with file, line and column; what was read before it is kept. */
class MalformedInputTest {

	@TempDir
	Path dir;

	private static final String TRACE = """
			{"traceID":"%s","spans":[
			 {"traceID":"%s","spanID":"a","operationName":"get","references":[],"startTime":1000,"duration":50,"processID":"p1"},
			 {"traceID":"%s","spanID":"b","operationName":"db","references":[{"refType":"CHILD_OF","traceID":"%s","spanID":"a"}],"startTime":1010,"duration":20,"processID":"p1"}],
			 "processes":{"p1":{"serviceName":"api","tags":[]}}}""";

	private static String trace(String id) {
		return TRACE.formatted(id, id, id, id);
	}

	@Test
	void truncatedJaegerFileKeepsTheTracesBeforeTheCut() throws Exception {
		String full = "{\"data\":[" + trace("1") + ",\n" + trace("2") + "]}";
		Path file = dir.resolve("cut.json");
		Files.writeString(file, full.substring(0, full.length() - 60));
		CollectingSink sink = new CollectingSink();
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(file, sink));
		assertEquals(1, sink.traces.size(), "the complete first trace is kept");
		assertTrue(e.getMessage().startsWith(file.toString() + ": line 7, column "), e.getMessage());
		assertTrue(e.getMessage().contains("end-of-input"), e.getMessage());
	}

	@Test
	void fileCutInsideAStringIsAnErrorNotACrash() throws Exception {
		// long enough for the tokenizer to reuse its chunks, whose slots then hold earlier tokens
		StringBuilder full = new StringBuilder("{\"data\":[");
		for (int t = 1; t <= 600; t++) {
			full.append(t == 1 ? "" : ",\n").append(trace(Integer.toString(t)));
		}
		// every cut inside the last trace's "operationName":"db" value and inside its "serviceName":"api"
		int db = full.lastIndexOf("\"db\"") + 1;
		int api = full.lastIndexOf("\"api\"") + 1;
		for (int cut : new int[] { db, db + 1, db + 2, api, api + 1, api + 2, api + 3 }) {
			Path file = dir.resolve("cut-" + cut + ".json");
			Files.writeString(file, full.substring(0, cut));
			CollectingSink sink = new CollectingSink();
			TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(file, sink));
			assertEquals(599, sink.traces.size(), "the complete traces before it are kept");
			assertTrue(e.getMessage().contains("end-of-input"), e.getMessage());
		}
	}

	@Test
	void syntaxErrorNamesLineAndColumn() throws Exception {
		Path file = dir.resolve("bad.json");
		Files.writeString(file, "{\"data\":[\n" + trace("1") + ",\n{\"traceID\": \"2\", \"spans\": [ }\n]}");
		CollectingSink sink = new CollectingSink();
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(file, sink));
		assertEquals(1, sink.traces.size());
		assertTrue(e.getMessage().matches("(?s)" + java.util.regex.Pattern.quote(file.toString()) + ": line 6, column \\d+: malformed Jaeger.*"),
				e.getMessage());
	}

	/**
	 * A span with an impossible value (a time that is no number, a negative duration, a missing span id) rejects its
	 * trace, named with the line and column; the traces around it are read, and the file reads on to its end. A span
	 * without a trace id cannot be told apart: it alone is skipped, with a warning.
	 */
	@Test
	void impossibleValuesRejectTheirTraceAndTheFileReadsOn() throws Exception {
		String jaegerBad = """
				{"traceID":"%s","spans":[
				 {"traceID":"%s","spanID":"a","operationName":"get","references":[],"startTime":%s,"duration":%s,"processID":"p1"}%s],
				 "processes":{"p1":{"serviceName":"api","tags":[]}}}""";
		Path jaeger = dir.resolve("values.json");
		Files.writeString(jaeger, "{\"data\":[" + trace("1") + ",\n" + jaegerBad.formatted("b1", "b1", "\"soon\"", "5", "")
				+ ",\n" + jaegerBad.formatted("b2", "b2", "1000", "-5", "") + ",\n"
				+ jaegerBad.formatted("b3", "b3", "1000", "5", ",{\"traceID\":\"b3\",\"operationName\":\"x\",\"startTime\":1001}")
				+ ",\n" + trace("2") + "]}");
		Path zipkin = dir.resolve("values-zipkin.json");
		Files.writeString(zipkin, """
				[{"traceId":"1","id":"a","name":"get","timestamp":1000,"duration":50,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"b1","id":"x","name":"get","timestamp":"soon","duration":50,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"b2","id":"y","name":"get","timestamp":1000,"duration":-50,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"b3","name":"get","timestamp":1000,"duration":50,"localEndpoint":{"serviceName":"api"}},
				 {"id":"z","name":"get","timestamp":1000,"duration":50,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"2","id":"b","name":"get","timestamp":2000,"duration":50,"localEndpoint":{"serviceName":"api"}}]""");
		String line = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"api\"}}]},"
				+ "\"scopeSpans\":[{\"spans\":[%s]}]}]}\n";
		String span = "{\"traceId\":\"%s\",\"spanId\":\"0a\",\"name\":\"get\",\"startTimeUnixNano\":%s,\"endTimeUnixNano\":\"%s\"}";
		Path otlp = dir.resolve("values.ndjson");
		Files.writeString(otlp, line.formatted(span.formatted("01", "\"1000\"", "2000"))
				+ line.formatted(span.formatted("0b1", "\"soon\"", "2000"))
				+ line.formatted(span.formatted("0b2", "\"3000\"", "2000"))
				+ line.formatted("{\"traceId\":\"0b3\",\"name\":\"get\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}")
				+ line.formatted("{\"spanId\":\"0c\",\"name\":\"get\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}")
				+ line.formatted(span.formatted("02", "\"1000\"", "2000")));
		for (Path file : List.of(jaeger, zipkin, otlp)) {
			CollectingSink sink = new CollectingSink();
			ImportResult result = new TraceImporter().readAll(List.of(file), sink);
			assertEquals(List.of(), result.errors(), file + ": no error ends the file");
			assertEquals(2, sink.traces.size(), file + ": the good traces before and after are read");
			assertEquals(3, sink.rejected.size(), file + ": " + sink.rejected);
			String all = String.join("\n", sink.rejected);
			assertTrue(all.matches("(?s).*0*b1: trace 0*b1: a span has an impossible value \\(line \\d+, column \\d+: \\w+ is not a number: \"soon\"\\); trace rejected.*"),
					file + ": " + all);
			assertTrue(all.contains("b2: ") && all.contains("b3: "), file + ": " + all);
			assertTrue(all.contains("negative duration") || all.contains("ends before it starts"), file + ": " + all);
			assertTrue(all.contains("without spanID") || all.contains("without id") || all.contains("without spanId"), file + ": " + all);
			if (file != jaeger) { // Jaeger's spans sit inside their trace: they always have one
				assertTrue(sink.warnings.stream().anyMatch(w -> w.message().contains("without traceId: skipped")), file + ": " + sink.warnings);
			}
		}
	}

	@Test
	void aParentCycleRejectsThatTraceAndTheFileReadsOn() throws Exception {
		String cycle = """
				{"traceID":"bad","spans":[
				 {"traceID":"bad","spanID":"x","operationName":"get","references":[{"refType":"CHILD_OF","traceID":"bad","spanID":"y"}],"startTime":1000,"duration":50,"processID":"p1"},
				 {"traceID":"bad","spanID":"y","operationName":"db","references":[{"refType":"CHILD_OF","traceID":"bad","spanID":"x"}],"startTime":1010,"duration":20,"processID":"p1"}],
				 "processes":{"p1":{"serviceName":"api","tags":[]}}}""";
		Path jaeger = dir.resolve("jaeger.json");
		Files.writeString(jaeger, "{\"data\":[" + trace("1") + ",\n" + cycle + ",\n" + trace("2") + "]}");
		Path zipkin = dir.resolve("zipkin.json");
		Files.writeString(zipkin, """
				[{"traceId":"1","id":"a","name":"get","timestamp":1000,"duration":50,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"bad","id":"x","parentId":"y","name":"get","timestamp":1000,"duration":50,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"bad","id":"y","parentId":"x","name":"db","timestamp":1010,"duration":20,"localEndpoint":{"serviceName":"api"}},
				 {"traceId":"2","id":"b","name":"get","timestamp":2000,"duration":50,"localEndpoint":{"serviceName":"api"}}]""");
		Path otlp = dir.resolve("otlp.json");
		Files.writeString(otlp, """
				{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
				 "scopeSpans":[{"spans":[
				  {"traceId":"01","spanId":"0a","name":"get","startTimeUnixNano":"1000000","endTimeUnixNano":"1050000"},
				  {"traceId":"0b","spanId":"0c","parentSpanId":"0d","name":"get","startTimeUnixNano":"1000000","endTimeUnixNano":"1050000"},
				  {"traceId":"0b","spanId":"0d","parentSpanId":"0c","name":"db","startTimeUnixNano":"1010000","endTimeUnixNano":"1030000"},
				  {"traceId":"02","spanId":"0e","name":"get","startTimeUnixNano":"2000000","endTimeUnixNano":"2050000"}]}]}]}""");
		for (Path file : List.of(jaeger, zipkin, otlp)) {
			CollectingSink sink = new CollectingSink();
			ImportResult result = new TraceImporter().readAll(List.of(file), sink);
			assertEquals(List.of(), result.errors(), file.toString());
			assertEquals(2, sink.traces.size(), file + ": the traces around the bad one are read");
			assertEquals(1, sink.rejected.size(), file + ": " + sink.rejected);
			String rejected = sink.rejected.get(0);
			// Jaeger pads its trace ids to 16 digits
			assertTrue(rejected.matches("0*(bad|0b): .*") && rejected.contains("form a cycle"),
					file + ": " + rejected);
		}
	}

	@Test
	void unknownContentAndEmptyFilesAreRefused() throws Exception {
		Path text = dir.resolve("notes.json");
		Files.writeString(text, "{\"hello\": \"world\"}");
		Path empty = dir.resolve("empty.json");
		Files.writeString(empty, "");
		assertTrue(assertThrows(TraceFormatException.class, () -> new TraceImporter().read(text, new CollectingSink()))
				.getMessage().contains("not a trace format"));
		assertTrue(assertThrows(TraceFormatException.class, () -> new TraceImporter().read(empty, new CollectingSink()))
				.getMessage().contains("empty"));
	}

	@Test
	void readAllGoesOnAfterABadFileAndReadsGzip() throws Exception {
		Path good = dir.resolve("a-good.json.gz");
		try (var out = new GZIPOutputStream(Files.newOutputStream(good))) {
			out.write(trace("7").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		Path bad = dir.resolve("b-bad.json");
		Files.writeString(bad, "[1, 2");
		CollectingSink sink = new CollectingSink();
		ImportResult result = new TraceImporter().readAll(List.of(dir), sink);
		assertEquals(2, result.files());
		assertEquals(1, sink.traces.size());
		assertEquals(1, result.errors().size());
		assertEquals(bad, result.errors().get(0).file());
	}

	@Test
	void corruptGzipIsAFormatError() throws Exception {
		Path bad = dir.resolve("bad.json.gz");
		Files.write(bad, new byte[] { 0x1f, (byte) 0x8b, 0x01, 0x00 }); // gzip magic, unknown compression method
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(bad, new CollectingSink()));
		assertTrue(e.getMessage().startsWith(bad + ": corrupt or truncated gzip"), e.getMessage());
		Path cut = dir.resolve("cut.json.gz");
		java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
		try (var out = new GZIPOutputStream(gz)) {
			out.write(("{\"data\":[" + trace("1") + "," + trace("2") + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		byte[] whole = gz.toByteArray();
		Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
		assertThrows(TraceFormatException.class, () -> new TraceImporter().read(cut, new CollectingSink()));
	}

	@Test
	void readsFromAPipe() throws Exception {
		Path fifo = dir.resolve("pipe");
		new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
		Thread writer = new Thread(() -> {
			try {
				Files.writeString(fifo, trace("5"));
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		writer.start();
		CollectingSink sink = new CollectingSink();
		assertEquals(TraceFormat.JAEGER, new TraceImporter().read(fifo, sink));
		writer.join();
		assertEquals(1, sink.traces.size(), "a pipe is read once: detection must not consume it");
	}

	@Test
	void otlpNdjsonWithBomAndSplitTraces() throws Exception {
		String line1 = """
				{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"front"}}]},"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"GET","startTimeUnixNano":"1000000","endTimeUnixNano":"9000000"}]}]}]}""";
		String line2 = """
				{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"back"}}]},"instrumentationLibrarySpans":[{"spans":[{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"AQIDBAUGBwg=","parentSpanId":"7uGbfsPBsXQ=","name":"query","startTimeUnixNano":"2000000","endTimeUnixNano":"5000000"}]}]}]}""";
		Path file = dir.resolve("export.ndjson");
		Files.writeString(file, "\uFEFF" + line1 + "\n" + line2 + "\n");
		CollectingSink sink = new CollectingSink();
		assertEquals(TraceFormat.OTLP, new TraceImporter().read(file, sink));
		assertEquals(1, sink.traces.size(), "hex and base64 ids of one trace meet");
		assertEquals(2, sink.traces.get(0).spans());
		assertEquals("", sink.warningText(), "the base64 parent id resolves to the hex span id");
	}

	private static String otlpDocument(String traceId, String spanId, String parentId) {
		return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"api\"}}]},"
				+ "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\""
				+ (parentId == null ? "" : ",\"parentSpanId\":\"" + parentId + "\"")
				+ ",\"name\":\"op\",\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"2000\"}]}]}]}\n";
	}

	@Test
	void otlpTraceWaitsForAParentThatComesDocumentsLater() throws Exception {
		String late = "000000000000000000000000000000aa";
		StringBuilder ndjson = new StringBuilder(otlpDocument(late, "00000000000000c1", "00000000000000a1"));
		for (int i = 1; i <= 5; i++) { // complete one-span traces in between
			ndjson.append(otlpDocument("0000000000000000000000000000000" + i, "00000000000000b" + i, null));
		}
		ndjson.append(otlpDocument(late, "00000000000000a1", null));
		ndjson.append(otlpDocument("00000000000000000000000000000009", "00000000000000b9", null));
		Path file = dir.resolve("late-parent.ndjson");
		Files.writeString(file, ndjson);
		CollectingSink sink = new CollectingSink();
		new TraceImporter().read(file, sink);
		List<String> ids = sink.traces.stream().map(io.pythia.core.trace.Trace::id).toList();
		assertEquals(7, ids.size(), ids.toString());
		assertEquals(1, ids.stream().filter(late::equals).count(), "the child waited for its parent: " + ids);
		assertEquals(2, sink.traces.get(ids.indexOf(late)).spans());
		assertEquals("", sink.warningText());
		assertEquals(List.of("00000000000000000000000000000001", "00000000000000000000000000000002",
				"00000000000000000000000000000003", "00000000000000000000000000000004"), ids.subList(0, 4),
				"settled traces go as they settle, ahead of the one still waiting");
	}

	@Test
	void aRepeatedAttributeKeyKeepsTheLastValue() throws Exception {
		// "span.kind" given as an attribute and as the span's kind: two pairs with one key
		Path file = dir.resolve("repeated.json");
		Files.writeString(file, """
				{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET","kind":2,"startTimeUnixNano":"1000000","endTimeUnixNano":"9000000","attributes":[{"key":"span.kind","value":{"stringValue":"server"}}]}]}]}]}""");
		CollectingSink sink = new CollectingSink();
		assertEquals(TraceFormat.OTLP, new TraceImporter().read(file, sink));
		assertEquals(1, sink.traces.size(), sink.warningText());
		io.pythia.core.trace.Trace t = sink.traces.get(0);
		assertEquals("2", t.attributes(t.rootEvent()).tags().get("span.kind"), "the span's kind comes last");
	}
}
