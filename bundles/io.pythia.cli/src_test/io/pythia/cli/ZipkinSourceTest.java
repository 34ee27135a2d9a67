// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.lab.LabController;
import io.pythia.lab.LabTopology;

/**
 * {@code analyze --zipkin URL} against a real Zipkin server: the exec jar from Maven Central (the test build fetches
 * it), started here on a loopback port and ended after the tests. The shared real Zipkin traces are POSTed to it as
 * an instrumented service would, then analysed through the server's query API: the same traces, events and groups
 * as the files give.
 */
class ZipkinSourceTest {

	private static final Path TRACES = Path.of("../../../shared/traces/zipkin");
	/** The shared traces are from 2019 and before: a window that reaches back that far (30 years, in minutes). */
	private static final String ALL_MINUTES = Long.toString(30L * 365 * 24 * 60);

	private static Process server;
	private static URI base;

	@BeforeAll
	static void startZipkin() throws Exception {
		Path jar = Path.of(System.getProperty("pythia.zipkinServer", "target/zipkin/zipkin-server.jar"));
		assertTrue(Files.isRegularFile(jar), "the Zipkin server jar at " + jar.toAbsolutePath() + " (the build fetches it)");
		int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		Path log = Files.createDirectories(Path.of("target/zipkin")).resolve("server.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		server = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
				"--server.port=" + port, "--server.address=127.0.0.1").redirectErrorStream(true)
				.redirectOutput(log.toFile()).start();
		base = URI.create("http://127.0.0.1:" + port + "/");
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.currentTimeMillis() + 120_000;
		while (true) {
			assertTrue(server.isAlive(), "the Zipkin server ended; see " + log.toAbsolutePath());
			try {
				if (http.send(HttpRequest.newBuilder(base.resolve("health")).build(), HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200) {
					break;
				}
			} catch (IOException e) {
				// not up yet
			}
			assertTrue(System.currentTimeMillis() < deadline, "the Zipkin server did not answer within 120 s; see " + log);
			Thread.sleep(250);
		}
	}

	@AfterAll
	static void stopZipkin() throws Exception {
		if (server != null) {
			server.destroy();
			if (!server.waitFor(20, TimeUnit.SECONDS)) {
				server.destroyForcibly().waitFor();
			}
			assertFalse(server.isAlive(), "the Zipkin server is left running");
		}
	}

	private static List<Path> shared() throws IOException {
		try (Stream<Path> files = Files.list(TRACES)) {
			return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
	}

	private record Run(int status, String out, String err) {
	}

	private static Run analyze(List<String> args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new AnalyzeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** The report's traces, events and groups (id, request type, count, critical-path edges). */
	@SuppressWarnings("unchecked")
	private static List<String> essence(String json) throws IOException {
		Map<String, Object> r = (Map<String, Object>) Json.parse(json);
		List<String> out = new ArrayList<>();
		out.add("traces " + r.get("traces") + ", events " + r.get("events"));
		List<String> groups = new ArrayList<>();
		for (Map<String, Object> g : (List<Map<String, Object>>) r.get("groups")) {
			List<String> edges = new ArrayList<>();
			for (Map<String, Object> e : (List<Map<String, Object>>) g.get("edges")) {
				edges.add(e.get("from") + " -> " + e.get("to"));
			}
			edges.sort(null);
			groups.add(g.get("id") + " " + g.get("requestType") + " x" + g.get("count") + " " + edges);
		}
		groups.sort(null);
		out.addAll(groups);
		return out;
	}

	@Test
	void tracesPostedToZipkinAnalyseAsTheFiles() throws Exception {
		List<Path> files = shared();
		assertTrue(files.size() >= 8, "the shared Zipkin traces: " + files);
		HttpClient http = HttpClient.newHttpClient();
		for (Path f : files) { // as an instrumented service reports them
			HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("api/v2/spans"))
					.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertEquals(202, r.statusCode(), f + ": " + r.body());
		}
		List<String> args = new ArrayList<>(List.of("--json", "--min-traces", "1"));
		files.forEach(f -> args.add(f.toString()));
		Run fromFiles = analyze(args);
		assertEquals(0, fromFiles.status(), fromFiles.err());
		List<String> expected = essence(fromFiles.out());
		assertEquals("traces " + files.size() + ", events " + expected.get(0).substring(expected.get(0).indexOf("events ") + 7),
				expected.get(0), "one trace per file");

		List<String> got = List.of();
		Run fromZipkin = null;
		long deadline = System.currentTimeMillis() + 20_000;
		while (!got.equals(expected) && System.currentTimeMillis() < deadline) { // stored a moment after it answered
			fromZipkin = analyze(List.of("--json", "--min-traces", "1", "--zipkin", base.toString(), "--lookback", ALL_MINUTES,
					"--limit", "100"));
			got = fromZipkin.status() == 0 ? essence(fromZipkin.out()) : List.of();
			Thread.sleep(200);
		}
		assertEquals(expected, got, fromZipkin.err());
	}

	/**
	 * {@code lab start --zipkin URL}: every lab service sends its spans to Zipkin too, so the same traces can be read
	 * back from Zipkin (here through {@code analyze --zipkin}) while the lab's own collector gets them as before.
	 */
	@SuppressWarnings("unchecked")
	@Test
	void theLabSendsItsSpansToZipkinToo(@TempDir Path labDir) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		LabCommand lab = new LabCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), labDir);
		List<Long> pids = new ArrayList<>();
		Set<String> types = new TreeSet<>();
		long crossService = 0;
		try {
			assertEquals(0, lab.run(List.of("start", "--warm-up", "0", "--zipkin", base.toString())), err.toString(StandardCharsets.UTF_8));
			assertTrue(out.toString(StandardCharsets.UTF_8).contains("every span also goes to Zipkin at " + base), out.toString(StandardCharsets.UTF_8));
			pids.addAll(new LabController(labDir, "").processes());
			long deadline = System.currentTimeMillis() + 60_000;
			while (System.currentTimeMillis() < deadline && !types.containsAll(LabTopology.REQUEST_TYPES)) {
				Thread.sleep(1_000);
				Run r = analyze(List.of("--json", "--zipkin", base.toString(), "--lookback", "10", "--limit", "200"));
				if (r.status() != 0) {
					continue;
				}
				types.clear();
				crossService = 0;
				for (Map<String, Object> g : (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.out())).get("groups")) {
					types.add((String) g.get("requestType"));
					List<Map<String, Object>> edges = (List<Map<String, Object>>) g.get("edges");
					crossService += edges.stream().map(e -> ((String) e.get("to")).split(":")[0]).distinct().count() > 1 ? 1 : 0;
				}
			}
		} finally {
			lab.run(List.of("stop"));
		}
		assertTrue(types.containsAll(LabTopology.REQUEST_TYPES), "Zipkin has traces of every request type: " + types);
		assertTrue(crossService > 0, "the traces span several services");
		Thread.sleep(500);
		for (long pid : pids) {
			assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is left over");
		}
	}

	@Test
	void aZipkinThatIsDownIsAClearError() throws Exception {
		int closed;
		try (ServerSocket s = new ServerSocket(0)) {
			closed = s.getLocalPort();
		}
		Run r = analyze(List.of("--zipkin", "http://127.0.0.1:" + closed));
		assertEquals(1, r.status());
		assertTrue(r.err().contains("cannot reach the Zipkin server"), r.err());
	}
}
