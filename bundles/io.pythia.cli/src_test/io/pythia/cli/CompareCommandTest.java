// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;
import io.pythia.importers.TraceWriter;

/** The compare command: files of mixed formats, a Jaeger query service, its JSON contract, bad arguments. */
class CompareCommandTest {

	@TempDir
	Path dir;

	private String stdout;
	private String stderr;

	private int compare(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new CompareCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
		stdout = out.toString(StandardCharsets.UTF_8);
		stderr = err.toString(StandardCharsets.UTF_8);
		return status;
	}

	/**
	 * A checkout: cart, then payments (auth then capture), then mail, every step's time lognormal; with
	 * {@code delayMillis}, a steady delay in payments:capture.
	 */
	static List<Trace> checkouts(long seed, int count, double delayMillis) throws Exception {
		Random random = new Random(seed);
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
		});
		List<Trace> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long t0 = 1_700_000_000_000_000L + i * 1_000_000L; // µs
			long cart = step(random, 2000);
			long auth = step(random, 1500);
			long capture = step(random, 2500) + Math.round(delayMillis * 1000);
			long mail = step(random, 1000);
			long pay = auth + capture + 30;
			out.add(assembler.assemble(String.format("%032x", seed << 32 | i), List.of(
					span("root", null, t0, cart + pay + mail + 60, "shop", "checkout"),
					span("cart", "root", t0 + 10, cart, "cart", "load"),
					span("pay", "root", t0 + 20 + cart, pay, "payments", "charge"),
					span("auth", "pay", t0 + 30 + cart, auth, "payments", "auth"),
					span("capture", "pay", t0 + 40 + cart + auth, capture, "payments", "capture"),
					span("mail", "root", t0 + 40 + cart + pay, mail, "mailer", "send"))));
		}
		return out;
	}

	private static long step(Random random, double micros) {
		return Math.max(1, Math.round(micros * Math.exp(0.3 * random.nextGaussian())));
	}

	private static SpanInput span(String id, String parent, long startMicros, long micros, String service, String op) {
		return new SpanInput(id, parent, startMicros * 1000, micros * 1000, service + ":" + op,
				new Attributes(service, "", op, Map.of()));
	}

	private static void write(Path file, List<Trace> traces, boolean otlp) throws Exception {
		try (OutputStream out = Files.newOutputStream(file)) {
			if (otlp) {
				TraceWriter.writeOtlp(traces, out);
			} else {
				TraceWriter.writeJaeger(traces, out);
			}
		}
	}

	@SuppressWarnings("unchecked")
	@Test
	void theInjectedDelayComesFirstAcrossFormats() throws Exception {
		Path before = Files.createDirectories(dir.resolve("before"));
		write(before.resolve("a.json"), checkouts(1, 40, 0), false);
		write(before.resolve("b.json"), checkouts(2, 40, 0), true);
		Path after = dir.resolve("after.json");
		write(after, checkouts(3, 60, 30), true);
		assertEquals(0, compare("--json", before.toString(), after.toString()), stderr);
		Map<String, Object> report = (Map<String, Object>) Json.parse(stdout);
		assertEquals(80L, report.get("baselineTraces"));
		assertEquals(60L, report.get("selectionTraces"));
		Map<String, Object> type = ((List<Map<String, Object>>) report.get("requestTypes")).get(0);
		assertEquals("checkout", type.get("requestType"));
		double typeDelta = ((Number) type.get("deltaMs")).doubleValue();
		assertTrue(typeDelta > 25 && typeDelta < 35, type.toString());
		List<Map<String, Object>> changes = (List<Map<String, Object>>) report.get("changes");
		Map<String, Object> first = changes.get(0);
		assertEquals("payments:capture", first.get("tracepoint"), first.toString());
		assertEquals("checkout", first.get("requestType"));
		assertEquals(Boolean.TRUE, first.get("significant"));
		double base = ((Number) first.get("baselineMeanMs")).doubleValue();
		double now = ((Number) first.get("selectionMeanMs")).doubleValue();
		assertTrue(now - base > 25, first.toString());
		assertTrue(((Number) first.get("explains")).doubleValue() > 0.8, first.toString());
		double sum = changes.stream().mapToDouble(c -> ((Number) c.get("deltaMs")).doubleValue()).sum();
		assertEquals(typeDelta, sum, 1e-6, "the edges' changes add up to the request type's");
		for (Map<String, Object> c : changes.subList(1, changes.size())) {
			assertTrue(!Boolean.TRUE.equals(c.get("significant")) || Math.abs(((Number) c.get("deltaMs")).doubleValue()) < 5,
					"nothing else changed much: " + c);
		}
		assertEquals(0, compare(before.toString(), after.toString()), stderr);
		assertTrue(stdout.matches("(?s).*  1\\. \\* \\+\\d+\\.\\d{3} ms \\[\\+\\d+\\.\\d{3}, \\+\\d+\\.\\d{3}\\]  \"checkout\"  payments:capture start -> payments:capture end.*"),
				stdout);
	}

	@SuppressWarnings("unchecked")
	@Test
	void readsEachSideFromAJaegerQueryServiceWindow() throws Exception {
		Path clean = dir.resolve("clean.json");
		Path slow = dir.resolve("slow.json");
		write(clean, checkouts(4, 40, 0), false);
		write(slow, checkouts(5, 40, 30), false);
		long selectionFrom = (System.currentTimeMillis() - 20 * 60_000L) * 1000; // µs: older windows are the baseline's
		com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
				.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
		server.createContext("/api/services", x -> {
			byte[] b = "{\"data\":[\"shop\"]}".getBytes(StandardCharsets.UTF_8);
			x.sendResponseHeaders(200, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		server.createContext("/api/traces", x -> {
			String q = x.getRequestURI().getRawQuery();
			queries.add(q);
			long start = Long.parseLong(q.replaceAll(".*start=(\\d+).*", "$1"));
			byte[] b = Files.readAllBytes(start >= selectionFrom ? slow : clean);
			x.sendResponseHeaders(200, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		server.start();
		try {
			String url = "http://127.0.0.1:" + server.getAddress().getPort();
			assertEquals(0, compare("--json", "--window", "10", "--baseline-ago", "60", url, url), stderr);
			assertEquals(2, queries.size(), queries.toString());
			long baselineStart = Long.parseLong(queries.get(0).replaceAll(".*start=(\\d+).*", "$1"));
			long selectionStart = Long.parseLong(queries.get(1).replaceAll(".*start=(\\d+).*", "$1"));
			assertEquals(60 * 60_000_000L, selectionStart - baselineStart, 1000, "an hour earlier");
			Map<String, Object> first = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(stdout)).get("changes")).get(0);
			assertEquals("payments:capture", first.get("tracepoint"), first.toString());
		} finally {
			server.stop(0);
		}
	}

	@Test
	void badArgumentsAndEmptySides() throws Exception {
		Path file = dir.resolve("a.json");
		write(file, checkouts(6, 10, 0), false);
		assertEquals(2, compare(file.toString()));
		assertTrue(stderr.contains("SELECTION"), stderr);
		assertEquals(2, compare(file.toString(), dir.resolve("missing").toString()));
		assertTrue(stderr.contains("missing: no such file or folder"), stderr);
		assertEquals(2, compare("--top", "0", file.toString(), file.toString()));
		Path empty = Files.createDirectories(dir.resolve("empty"));
		assertEquals(1, compare(empty.toString(), file.toString()));
		assertTrue(stderr.contains("the baseline (" + empty + ") has no trace to compare"), stderr);
		assertEquals(1, compare(file.toString(), "http://127.0.0.1:1"));
		assertTrue(stderr.contains("selection http://127.0.0.1:1"), stderr);
		assertEquals(0, compare(file.toString(), file.toString()), stderr);
		assertTrue(stdout.contains("0 edge change(s), 0 significant"), stdout);
	}
}
