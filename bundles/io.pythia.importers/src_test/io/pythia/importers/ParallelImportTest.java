// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.internal.ParallelImport;
import io.pythia.importers.internal.ParallelImport.Outcome;

/**
 * The parallel import must give the sink exactly what the sequential reader gives it: the same traces (events,
 * times, edges, attributes) and warnings in the same order, and on bad input the same traces before the same error.
 */
class ParallelImportTest {

	@TempDir
	Path dir;

	/** What a read delivered, each call as one line, and the error it ended with. */
	private record Delivered(List<String> calls, String error) {
	}

	private static Delivered sequential(Path file) {
		return read(file, sink -> new TraceImporter(new Interner(), Long.MAX_VALUE).read(file, sink));
	}

	private static Delivered parallel(Path file, TraceFormat format, Outcome expected) {
		Outcome[] outcome = new Outcome[1];
		Delivered d = read(file, sink -> outcome[0] = ParallelImport.read(format, file, file.toString(), sink,
				new Interner(), 0));
		// an error comes from the sequential reader only: the parallel read had handed over to it
		assertEquals(expected, d.error != null && outcome[0] == null ? Outcome.RESTARTED : outcome[0],
				file.getFileName() + ": how it was read");
		return d;
	}

	private interface Reading {
		void run(TraceSink sink) throws Exception;
	}

	private static Delivered read(Path file, Reading reading) {
		List<String> calls = new ArrayList<>();
		TraceSink sink = new TraceSink() {
			@Override
			public void trace(Trace t) {
				StringBuilder b = new StringBuilder("trace ").append(t.id()).append(' ').append(t.format());
				for (int e = 0; e < t.size(); e++) {
					b.append(" | ").append(t.tracepoint(e)).append(' ').append(t.kind(e)).append(' ').append(t.time(e))
							.append(' ').append(Arrays.toString(t.predecessors(e))).append(' ').append(t.attributes(e));
				}
				calls.add(b.toString());
			}

			@Override
			public void warning(TraceWarning w) {
				calls.add("warning " + w.trace() + ": " + w.message());
			}

			@Override
			public void rejected(String traceId, String reason) {
				calls.add("rejected " + traceId + ": " + reason);
			}
		};
		String error = null;
		try {
			reading.run(sink);
		} catch (TraceFormatException | IOException e) {
			error = e.getMessage();
		} catch (Exception e) {
			throw new AssertionError(e);
		}
		return new Delivered(calls, error);
	}

	private void sameBothWays(Path file, TraceFormat format, Outcome expected) {
		Delivered seq = sequential(file);
		Delivered par = parallel(file, format, expected);
		assertEquals(seq.error, par.error, file.getFileName() + ": the error");
		assertEquals(seq.calls.size(), par.calls.size(), file.getFileName() + ": calls on the sink");
		for (int i = 0; i < seq.calls.size(); i++) {
			assertEquals(seq.calls.get(i), par.calls.get(i), file.getFileName() + ": call " + i);
		}
	}

	/**
	 * Jaeger traces with the quirks that raise warnings (duplicate ids, missing parents, references into other
	 * traces, producer warnings, no duration), strings that hold JSON's structural characters and escapes, and
	 * one trace larger than the import's buffer.
	 */
	private static List<String> jaegerTraces(int count, long seed, boolean pretty) {
		Random random = new Random(seed);
		List<String> traces = new ArrayList<>();
		for (int t = 1; t <= count; t++) {
			int spans = t == count / 2 ? 6000 : 1 + random.nextInt(40);
			String traceId = String.format("%016x", t);
			StringBuilder b = new StringBuilder("{\"traceID\":\"").append(t % 7 == 0 ? traceId.toUpperCase() : traceId)
					.append("\",\"spans\":[");
			for (int s = 0; s < spans; s++) {
				String parent = s == 0 ? null : String.format("%016x", t * 100_000L + random.nextInt(s));
				if (t % 11 == 0 && s == 3) {
					parent = "00000000deadbeef"; // missing parent
				}
				String id = t % 13 == 0 && s == 2 ? String.format("%016x", t * 100_000L + 1) : String.format("%016x", t * 100_000L + s);
				b.append(s == 0 ? "" : ",").append(pretty ? "\n    " : "").append("{\"traceID\":\"").append(traceId)
						.append("\",\"spanID\":\"").append(id).append("\",\"operationName\":\"")
						.append(s % 5 == 0 ? "op \\\"}]{[\\\" \\u00e9t\u00e9 " + (s % 3) : "op" + (s % 9)).append("\",\"references\":[");
				if (parent != null) {
					b.append("{\"refType\":\"").append(s % 4 == 0 ? "FOLLOWS_FROM" : "CHILD_OF").append("\",\"traceID\":\"")
							.append(t % 17 == 0 && s == 1 ? "00000000000000ff" : traceId).append("\",\"spanID\":\"")
							.append(parent).append("\"}");
				}
				b.append("],\"startTime\":").append(1_700_000_000_000_000L + 1000L * t + 10L * s);
				if (!(t % 19 == 0 && s == 1)) {
					b.append(",\"duration\":").append(1 + random.nextInt(5000));
				}
				b.append(",\"tags\":[{\"key\":\"zone\",\"type\":\"string\",\"value\":\"").append("z" + random.nextInt(3))
						.append("\"}],\"logs\":[],\"processID\":\"p").append(1 + s % 3).append('"');
				if (t % 23 == 0 && s == 0) {
					b.append(",\"warnings\":[\"clock skew adjustment disabled\"]");
				}
				b.append('}');
			}
			b.append("],\"processes\":{\"p1\":{\"serviceName\":\"front\",\"tags\":[]},\"p2\":{\"serviceName\":\"back\","
					+ "\"tags\":[{\"key\":\"hostname\",\"type\":\"string\",\"value\":\"h2\"}]},\"p3\":{\"serviceName\":\"db\"}}}");
			traces.add(b.toString());
		}
		return traces;
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
	}

	private Path jaegerApiFile() throws IOException {
		return write("api.json", "{\"data\": [\n" + String.join(",\n", jaegerTraces(400, 1, false))
				+ "\n], \"total\": 0, \"limit\": 0, \"offset\": 0, \"errors\": null}\n");
	}

	@Test
	void jaegerQueryAnswerGivesTheSameTracesAndWarnings() throws IOException {
		Path file = jaegerApiFile();
		assertTrue(Files.size(file) > 8 * 256 * 1024, "several of the import's buffers: " + Files.size(file));
		sameBothWays(file, TraceFormat.JAEGER, Outcome.PARALLEL);
		Delivered d = sequential(file);
		assertNotNull(d.calls.stream().filter(c -> c.startsWith("warning")).findFirst().orElse(null),
				"the corpus raises warnings");
		assertEquals(400, d.calls.stream().filter(c -> c.startsWith("trace")).count());
	}

	@Test
	void jaegerPrettyPrintedAndNdjsonShapes() throws IOException {
		Path pretty = write("pretty.json", "{\n  \"data\" : [ " + String.join(" ,\n  ", jaegerTraces(60, 2, true))
				+ " ]\n}\n");
		sameBothWays(pretty, TraceFormat.JAEGER, Outcome.PARALLEL);
		Path lines = write("traces.ndjson", String.join("\n", jaegerTraces(60, 3, false)) + "\n");
		sameBothWays(lines, TraceFormat.JAEGER, Outcome.PARALLEL);
		// a trace object spread over lines is no NDJSON: the sequential reader takes over and reads it all
		Path spread = write("spread.json", String.join("\n", jaegerTraces(30, 4, true)));
		sameBothWays(spread, TraceFormat.JAEGER, Outcome.RESTARTED);
		// fields after the data array that the sequential reader reads as a trace of their own
		Path extra = write("extra.json", "{\"data\":[" + String.join(",", jaegerTraces(20, 5, false))
				+ "],\"traceID\":\"0000000000000bad\",\"spans\":[{\"spanID\":\"1\",\"operationName\":\"x\",\"startTime\":1,\"duration\":2}]}");
		sameBothWays(extra, TraceFormat.JAEGER, Outcome.PARALLEL);
		assertTrue(sequential(extra).calls.stream().anyMatch(c -> c.startsWith("trace 0000000000000bad")));
	}

	/** OTLP NDJSON whose traces are spread over several documents (lines), with a byte order mark. */
	private Path otlpFile(int documents, long seed) throws IOException {
		Random random = new Random(seed);
		StringBuilder out = new StringBuilder("\ufeff");
		int trace = 1;
		for (int d = 0; d < documents; d++) {
			out.append("{\"resourceSpans\":[");
			for (int r = 0; r < 3; r++) {
				out.append(r == 0 ? "" : ",").append("{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc")
						.append(r).append("\"}}]},\"scopeSpans\":[{\"spans\":[");
				for (int s = 0; s < 5; s++) {
					// a trace's spans go to this document and the next two
					int t = trace + random.nextInt(3);
					int span = d * 100 + r * 10 + s;
					String parent = span % 10 == 0 && r == 0 && d % 3 == 0 ? "" : String.format("%016x", t * 1000L);
					String id = span % 10 == 0 && r == 0 && d % 3 == 0 ? String.format("%016x", t * 1000L) : String.format("%016x", t * 1_000_000L + span);
					out.append(s == 0 ? "" : ",").append("{\"traceId\":\"").append(String.format("%032x", t))
							.append("\",\"spanId\":\"").append(id).append("\",\"parentSpanId\":\"").append(parent)
							.append("\",\"name\":\"op").append(random.nextInt(4)).append("\",\"kind\":").append(1 + s % 2)
							.append(",\"startTimeUnixNano\":\"").append(1_700_000_000_000_000_000L + 1000L * span)
							.append("\",\"endTimeUnixNano\":\"").append(1_700_000_000_000_000_000L + 1000L * span + random.nextInt(900_000))
							.append("\",\"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v").append(random.nextInt(3)).append("\"}}]}");
				}
				out.append("]}]}");
			}
			out.append("]}\n");
			if (d % 3 == 2) {
				trace += 3;
			}
		}
		return write("otlp-" + seed + ".ndjson", out.toString());
	}

	@Test
	void otlpNdjsonGivesTheSameTracesInTheSameOrder() throws IOException {
		Path file = otlpFile(1500, 7);
		assertTrue(Files.size(file) > 8 * 256 * 1024, "several of the import's buffers: " + Files.size(file));
		sameBothWays(file, TraceFormat.OTLP, Outcome.PARALLEL);
		assertTrue(sequential(file).calls.size() > 400);
	}

	@Test
	void badInputEndsWithTheSequentialErrorAfterTheSameTraces() throws IOException {
		byte[] jaeger = Files.readAllBytes(jaegerApiFile());
		byte[] otlp = Files.readAllBytes(otlpFile(600, 8));
		Random random = new Random(9);
		for (int k = 0; k < 6; k++) {
			int cut = 1 + random.nextInt(jaeger.length - 2);
			sameBothWays(Files.write(dir.resolve("cut-" + k + ".json"), Arrays.copyOf(jaeger, cut)), TraceFormat.JAEGER,
					Outcome.RESTARTED);
			cut = 100 + random.nextInt(otlp.length - 200);
			sameBothWays(Files.write(dir.resolve("cut-" + k + ".ndjson"), Arrays.copyOf(otlp, cut)), TraceFormat.OTLP,
					otlp[cut - 1] == '\n' ? Outcome.PARALLEL : Outcome.RESTARTED);
			byte[] broken = jaeger.clone();
			broken[colonFrom(broken, 1000 + random.nextInt(jaeger.length - 2000))] = '#';
			sameBothWays(Files.write(dir.resolve("broken-" + k + ".json"), broken), TraceFormat.JAEGER, Outcome.RESTARTED);
			broken = otlp.clone();
			broken[colonFrom(broken, 1000 + random.nextInt(otlp.length - 2000))] = '#';
			sameBothWays(Files.write(dir.resolve("broken-" + k + ".ndjson"), broken), TraceFormat.OTLP, Outcome.RESTARTED);
		}
		// a span without an id, in the middle of the file: its trace is rejected (named with its place in the file, so
		// the parallel read hands over to the sequential one), and the file reads on
		String traces = String.join(",", jaegerTraces(200, 10, false));
		int middle = traces.indexOf("\"spanID\":", traces.length() / 2);
		Path noId = write("no-id.json", "{\"data\":[" + traces.substring(0, middle) + "\"spanId\":"
				+ traces.substring(middle + "\"spanID\":".length()) + "]}");
		sameBothWays(noId, TraceFormat.JAEGER, Outcome.RESTARTED);
		assertEquals(null, sequential(noId).error);
		assertTrue(sequential(noId).calls.stream().anyMatch(c -> c.contains("without spanID")), "the trace is rejected");
		// a reader's own error (not Jackson's): "processes" that is no object, in the middle of the file
		int processes = traces.indexOf("\"processes\":", traces.length() / 2) + "\"processes\":".length();
		Path badProcesses = write("bad-processes.json", "{\"data\":[" + traces.substring(0, processes) + "7,\"x\":"
				+ traces.substring(processes) + "]}");
		sameBothWays(badProcesses, TraceFormat.JAEGER, Outcome.RESTARTED);
		assertTrue(sequential(badProcesses).error.contains("\"processes\" should be an object"), sequential(badProcesses).error);
	}

	/** The first ':' from {@code i} (the generated strings hold none, so it is always structure). */
	private static int colonFrom(byte[] b, int i) {
		while (b[i] != ':') {
			i++;
		}
		return i;
	}

	@Test
	void sharedJaegerAndOtlpTracesReadTheSameBothWays() throws IOException {
		int compared = 0;
		for (String folder : List.of("jaeger", "jaeger-synthetic", "otlp")) {
			try (Stream<Path> files = Files.list(SharedTraces.ROOT.resolve(folder))) {
				for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
					TraceFormat format = new TraceImporter().detect(f);
					if (format == TraceFormat.JAEGER || format == TraceFormat.OTLP) {
						Delivered seq = sequential(f);
						Outcome[] how = new Outcome[1];
						Delivered par = read(f, sink -> how[0] = ParallelImport.read(format, f, f.toString(), sink,
								new Interner(), 0));
						if (how[0] == Outcome.NOT_STARTED) { // e.g. a top-level array: nothing was delivered
							assertEquals(List.of(), par.calls);
						} else {
							assertEquals(seq, par, f.getFileName() + " (read " + how[0] + ")");
							compared++;
						}
					}
				}
			} catch (TraceFormatException e) {
				throw new AssertionError(e);
			}
		}
		assertTrue(compared >= 10, "shared files read in parallel: " + compared);
	}
}
