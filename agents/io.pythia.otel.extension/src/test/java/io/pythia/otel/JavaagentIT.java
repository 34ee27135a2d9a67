// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two services in their own JVMs under the unmodified OpenTelemetry javaagent with the packaged extension
 * (failsafe runs this after the jar is built): the skeleton alone first, then spans switched on at runtime
 * through the control endpoints, the request type carried in baggage to the second service, and every trace
 * connected across both.
 */
class JavaagentIT {

	private static final String TOKEN = "it-secret";
	private static final String FRONT_STEP = "front:OtelService.step";
	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		for (Process p : processes) {
			p.destroy();
		}
		for (Process p : processes) {
			if (!p.waitFor(10, TimeUnit.SECONDS)) {
				p.destroyForcibly();
			}
		}
	}

	@Test
	void theAgentsSpansAreSwitchedAtRuntimeAndTracesStayConnectedAcrossServices() throws Exception {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			int backPort = Control.freePort(), frontPort = Control.freePort();
			int backControl = Control.freePort(), frontControl = Control.freePort();
			start("back", receiver, backControl, backPort);
			start("front", receiver, frontControl, frontPort, backPort);
			Control front = new Control(frontControl, TOKEN), back = new Control(backControl, TOKEN);

			List<OtlpReceiver.Received> skeleton = requests(receiver, frontPort, 3);
			Map<String, List<String>> names = namesByTrace(skeleton);
			assertEquals(3, names.size(), skeleton.toString());
			for (List<String> trace : names.values()) {
				assertEquals(2, trace.size(), "the two service entries only: " + skeleton);
			}
			SdkAutoconfigureTest.assertConnected(skeleton);
			OtlpReceiver.Received root = skeleton.stream().filter(s -> s.service().equals("front")).findFirst().orElseThrow();
			String type = root.name();
			OtlpReceiver.Received backEntry = only(skeleton, root.traceId(), "back", "SPAN_KIND_SERVER");
			assertEquals(root.spanId(), backEntry.parentId(), "front's step and client span are off: back hangs under front's entry");

			Map<String, List<String>> frontState = front.state(), backState = back.state();
			assertEquals(List.of(), frontState.get(FRONT_STEP), "listed and off: " + frontState);
			assertEquals(List.of(type), frontState.get("front:" + type), frontState.toString());
			assertEquals(List.of(type), backState.get("back:" + backEntry.name()),
					"back learnt the request type from the baggage: " + backState);

			assertEquals(200, front.toggle(TOKEN, front.version(), FRONT_STEP, type, true));
			assertEquals(200, back.toggle(TOKEN, back.version(), "back:OtelService.lookup", type, true));
			receiver.clear();
			List<OtlpReceiver.Received> switched = requests(receiver, frontPort, 3);
			SdkAutoconfigureTest.assertConnected(switched);
			OtlpReceiver.Received trace = switched.stream().filter(s -> s.parentId().isEmpty()).findFirst().orElseThrow();
			OtlpReceiver.Received step = only(switched, trace.traceId(), "front", "SPAN_KIND_INTERNAL");
			assertEquals("OtelService.step", step.name());
			assertEquals(trace.spanId(), step.parentId());
			OtlpReceiver.Received entry = only(switched, trace.traceId(), "back", "SPAN_KIND_SERVER");
			assertEquals(step.spanId(), entry.parentId(), "the client span between them is still off: back hangs under the step");
			OtlpReceiver.Received lookup = only(switched, trace.traceId(), "back", "SPAN_KIND_INTERNAL");
			assertEquals("OtelService.lookup", lookup.name());
			assertEquals(entry.spanId(), lookup.parentId());
			assertEquals(4, namesByTrace(switched).get(trace.traceId()).size(),
					"front's lookup and client span stay off: " + switched);
		}
	}

	/** Sends {@code n} requests to front and waits until both services exported them. */
	private static List<OtlpReceiver.Received> requests(OtlpReceiver receiver, int frontPort, int n) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < n; i++) {
			HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontPort + "/work")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertEquals(200, r.statusCode(), r.body());
		}
		// both entries of every trace have arrived, then one more export delay for anything that should not come
		receiver.await(s -> s.stream().filter(x -> x.kind().equals("SPAN_KIND_SERVER")).count() >= 2L * n, 20_000);
		Thread.sleep(1_000);
		return receiver.spans();
	}

	private static OtlpReceiver.Received only(List<OtlpReceiver.Received> spans, String traceId, String service, String kind) {
		List<OtlpReceiver.Received> found = spans.stream()
				.filter(s -> s.traceId().equals(traceId) && s.service().equals(service) && s.kind().equals(kind)).toList();
		assertEquals(1, found.size(), service + " " + kind + " in " + spans);
		return found.get(0);
	}

	private static Map<String, List<String>> namesByTrace(List<OtlpReceiver.Received> spans) {
		return spans.stream().collect(Collectors.groupingBy(OtlpReceiver.Received::traceId,
				Collectors.mapping(s -> s.service() + ":" + s.name(), Collectors.toList())));
	}

	private void start(String name, OtlpReceiver receiver, int controlPort, int... ports) throws Exception {
		Path agent = Path.of(System.getProperty("pythia.otel.javaagent"));
		Path extension = Path.of(System.getProperty("pythia.otel.extension"));
		assertTrue(Files.isRegularFile(agent) && Files.isRegularFile(extension), agent + ", " + extension);
		List<String> command = new ArrayList<>(List.of(
				ProcessHandle.current().info().command().orElse("java"),
				"-javaagent:" + agent, "-Dotel.javaagent.extensions=" + extension,
				"-Dotel.service.name=" + name, "-Dotel.exporter.otlp.protocol=http/protobuf",
				"-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(), "-Dotel.bsp.schedule.delay=100",
				"-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
				"-Dotel.instrumentation.methods.include=io.pythia.otel.OtelService[step,lookup]",
				"-Dpythia.control.token=" + TOKEN, "-Dpythia.control.port=" + controlPort,
				"-cp", Path.of(OtelService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
				OtelService.class.getName()));
		for (int p : ports) {
			command.add(String.valueOf(p));
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		processes.add(process);
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
		StringBuilder log = new StringBuilder();
		long end = System.currentTimeMillis() + 60_000;
		for (String line; System.currentTimeMillis() < end && (line = out.readLine()) != null;) {
			log.append(line).append('\n');
			if (line.equals("ready")) {
				Thread drain = new Thread(() -> {
					try {
						out.transferTo(Writer.nullWriter());
					} catch (IOException e) {
						// the process ended
					}
				});
				drain.setDaemon(true);
				drain.start();
				return;
			}
		}
		throw new AssertionError(name + " did not start:\n" + log);
	}
}
