// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.pythia.core.trace.TraceFormatException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * On random bytes and on mutated real traces the importers either read traces or fail with the documented
 * {@link TraceFormatException}; no other exception escapes.
 */
class ImporterPropertyTest {

	/** Small real files of every format, as seeds for mutation. */
	private static final List<Path> SEEDS = List.of( //
			SharedTraces.file("jaeger", "eclipse-tracecompass-incubator__org.eclipse.tracecompass.incubator__multiple_services.json"),
			SharedTraces.file("jaeger-synthetic", "jaegertracing__jaeger__ui_01.json"),
			SharedTraces.file("jaeger-synthetic", "jaegertracing__jaeger__domain_01-internal-model.json"),
			SharedTraces.file("zipkin", "openzipkin__zipkin__skew.json"),
			SharedTraces.file("otlp", "jaegertracing__jaeger-ui__v3-trace-local-2.21.0.json"),
			SharedTraces.file("osprofiler", "Aolda__aolda-trace-bridge__osprofiler_trace_show_251bb5c1_redacted.json"),
			SharedTraces.file("osprofiler", "Aolda__aolda-trace-bridge__redis_lrange_251bb5c1_redacted.ndjson"),
			SharedTraces.file("xtrace", "brownsys__tracing-framework__gc.json"));

	private static final String ALIBABA = """
			traceid,timestamp,rpcid,um,rpctype,dm,interface,rt
			t1,100,0.1,a,rpc,b,i1,12
			t1,101,0.1.1,b,rpc,c,i2,-5
			t1,101,0.1.1,b,rpc,c,i2,5
			""";

	@Property(tries = 300)
	void randomBytesNeverCrash(@ForAll @Size(max = 400) byte[] bytes) throws IOException {
		importExpectingOnlyFormatErrors(bytes);
	}

	@Property(tries = 600)
	void mutatedRealTracesNeverCrash(@ForAll("mutatedTraces") byte[] bytes) throws IOException {
		importExpectingOnlyFormatErrors(bytes);
	}

	/** The parallel import (all sizes here) delivers what the sequential reader delivers, and fails alike. */
	@Property(tries = 400)
	void parallelImportAgreesWithTheSequentialOnMutatedTraces(@ForAll("mutatedTraces") byte[] bytes)
			throws IOException {
		Path file = Files.createTempFile("pythia-prop", ".json");
		try {
			Files.write(file, bytes);
			assertParallelAgrees(file);
		} finally {
			Files.deleteIfExists(file);
		}
	}

	/** Real OTLP traces of different sources, each file's export request on one line: an NDJSON of six traces. */
	private static final List<String> OTLP_LINES = java.util.stream.Stream.of( //
			"grafana__tempo__trace-with-failed-requests.json", "grafana__tempo__trace-with-queue-database.json",
			"grafana__tempo__vulture-trace.json", "jaegertracing__jaeger-ui__getTrace-response-hotrod.json",
			"jaegertracing__jaeger-ui__v3-trace-local-2.21.0.json", "open-telemetry__opentelemetry-proto__trace.json")
			.map(name -> oneLine(SharedTraces.file("otlp", name))).toList();

	/**
	 * A line of that NDJSON, not the first, mutated within itself: every trace of the other lines is read, as when
	 * the line is not there at all, and the parallel read delivers the same as the sequential one.
	 */
	@Property(tries = 300)
	void aMutatedNdjsonLineLosesOnlyItsOwnTraces(@ForAll("lineMutations") LineMutation m)
			throws IOException, TraceFormatException {
		List<byte[]> file = new java.util.ArrayList<>();
		OTLP_LINES.forEach(l -> file.add(l.getBytes(StandardCharsets.UTF_8)));
		List<byte[]> without = new java.util.ArrayList<>(file);
		without.remove(m.line);
		file.set(m.line, m.bytes);
		Path mutated = Files.createTempFile("pythia-ndjson", ".ndjson");
		Path reference = Files.createTempFile("pythia-ndjson", ".ndjson");
		try {
			Files.write(mutated, joined(file));
			Files.write(reference, joined(without));
			CollectingSink expected = new CollectingSink();
			new TraceImporter().read(reference, expected);
			CollectingSink actual = new CollectingSink();
			try {
				new TraceImporter().read(mutated, actual);
			} catch (TraceFormatException e) {
				throw new AssertionError("a bad line must not end the file: " + e.getMessage());
			}
			java.util.Set<String> read = new java.util.HashSet<>(summaries(actual));
			for (String t : summaries(expected)) {
				if (!read.contains(t)) {
					throw new AssertionError("trace lost: " + t + "\nread: " + read + "\nwarnings: " + actual.warningText());
				}
			}
			assertParallelAgrees(mutated);
		} finally {
			Files.deleteIfExists(mutated);
			Files.deleteIfExists(reference);
		}
	}

	/** Which line of that NDJSON, and what it became. */
	record LineMutation(int line, byte[] bytes) {
	}

	/** A line, not the first, mutated within itself: it stays one line. */
	@Provide
	Arbitrary<LineMutation> lineMutations() {
		return Combinators.combine(Arbitraries.integers().between(1, OTLP_LINES.size() - 1),
				Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
				Arbitraries.integers().between(1, 40), Arbitraries.bytes()).as((line, kind, where, length, value) -> {
					byte[] m = mutate(OTLP_LINES.get(line).getBytes(StandardCharsets.UTF_8), kind, where, length, value);
					for (int i = 0; i < m.length; i++) {
						if (m[i] == '\n' || m[i] == '\r') {
							m[i] = ' ';
						}
					}
					return new LineMutation(line, m);
				});
	}

	private static String oneLine(Path file) {
		java.io.StringWriter out = new java.io.StringWriter();
		com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
		try (var p = json.createParser(file.toFile()); var g = json.createGenerator(out)) {
			p.nextToken();
			g.copyCurrentStructure(p);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		return out.toString();
	}

	private static byte[] joined(List<byte[]> lines) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (byte[] l : lines) {
			out.writeBytes(l);
			out.write('\n');
		}
		return out.toByteArray();
	}

	private static List<String> summaries(CollectingSink sink) {
		return sink.traces.stream().map(t -> t.id() + " " + t.spans() + " " + t.edgeCount() + " " + t.duration()).toList();
	}

	private static void assertParallelAgrees(Path file) throws IOException {
		String sequential = delivered(file, Long.MAX_VALUE);
		String parallel = delivered(file, 0);
		if (!sequential.equals(parallel)) {
			throw new AssertionError("sequential:\n" + sequential + "\nparallel:\n" + parallel);
		}
	}

	/** What an import delivered (trace ids, spans, edges, warnings, rejections) and the error it ended with. */
	private static String delivered(Path file, long parallelFrom) throws IOException {
		CollectingSink sink = new CollectingSink();
		String error = "";
		try {
			new TraceImporter(new io.pythia.core.trace.Interner(), parallelFrom).read(file, sink);
		} catch (TraceFormatException e) {
			error = e.getMessage();
		}
		StringBuilder b = new StringBuilder();
		for (var t : sink.traces) {
			b.append(t.id()).append(' ').append(t.spans()).append(' ').append(t.edgeCount()).append(' ')
					.append(t.duration()).append('\n');
		}
		sink.warnings.forEach(w -> b.append(w).append('\n'));
		sink.rejected.forEach(r -> b.append(r).append('\n'));
		return b.append(error).toString();
	}

	@Provide
	Arbitrary<byte[]> mutatedTraces() {
		Arbitrary<byte[]> seeds = Arbitraries.of(SEEDS).map(ImporterPropertyTest::bytes)
				.injectDuplicates(0.0).edgeCases(c -> c.add(ALIBABA.getBytes(StandardCharsets.UTF_8)));
		Arbitrary<byte[]> withCsv = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(8, seeds), net.jqwik.api.Tuple.of(1, Arbitraries.just(ALIBABA.getBytes(StandardCharsets.UTF_8))));
		return Combinators.combine(withCsv, Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
				Arbitraries.integers().between(1, 40), Arbitraries.bytes()).as(ImporterPropertyTest::mutate);
	}

	/** One of: truncate, delete a run, duplicate a run, overwrite bytes, insert a structural character. */
	static byte[] mutate(byte[] seed, int kind, double where, int length, byte value) {
		int at = (int) (where * seed.length);
		int end = Math.min(seed.length, at + length);
		return switch (kind) {
		case 0 -> java.util.Arrays.copyOf(seed, at);
		case 1 -> concat(java.util.Arrays.copyOfRange(seed, 0, at), java.util.Arrays.copyOfRange(seed, end, seed.length));
		case 2 -> concat(java.util.Arrays.copyOfRange(seed, 0, end), java.util.Arrays.copyOfRange(seed, at, seed.length));
		case 3 -> {
			byte[] copy = seed.clone();
			for (int i = at; i < end; i++) {
				copy[i] = value;
			}
			yield copy;
		}
		default -> {
			byte[] structural = "{}[]\",:0-e.".getBytes(StandardCharsets.US_ASCII);
			yield concat(concat(java.util.Arrays.copyOfRange(seed, 0, at),
					new byte[] { structural[Math.floorMod(value, structural.length)] }),
					java.util.Arrays.copyOfRange(seed, at, seed.length));
		}
		};
	}

	private static void importExpectingOnlyFormatErrors(byte[] bytes) throws IOException {
		Path file = Files.createTempFile("pythia-prop", ".json");
		try {
			Files.write(file, bytes);
			new TraceImporter().read(file, new CollectingSink());
		} catch (TraceFormatException expected) {
			if (!expected.getMessage().startsWith(file.toString())) {
				throw new AssertionError("the error must name the file: " + expected.getMessage());
			}
		} finally {
			Files.deleteIfExists(file);
		}
	}

	private static byte[] bytes(Path p) {
		try {
			return Files.readAllBytes(p);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}
