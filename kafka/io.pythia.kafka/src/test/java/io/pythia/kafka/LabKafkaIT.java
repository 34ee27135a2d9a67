// SPDX-License-Identifier: EPL-2.0
package io.pythia.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;

/** The real broker process: what services export over OTLP/HTTP arrives in otlp_spans as OTLP protobuf. */
class LabKafkaIT {

	@TempDir
	Path dir;

	@Test
	void exportRequestsArriveInTheTopicAsProtobufAndTheProcessEndsWhenTold() throws Exception {
		int otlp = freePort();
		Process broker = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-cp",
				System.getProperty("pythia.kafka.lib") + "/*", LabKafka.class.getName(), dir.toString(),
				Integer.toString(freePort()), Integer.toString(freePort()), Integer.toString(otlp)).redirectErrorStream(true)
				.redirectOutput(dir.resolve("kafka.log").toFile()).start();
		try {
			Path ready = dir.resolve("ready");
			for (int i = 0; i < 600 && !Files.exists(ready) && broker.isAlive(); i++) {
				Thread.sleep(100);
			}
			assertTrue(Files.exists(ready), () -> "not ready: " + log());
			String bootstrap = Files.readString(ready).strip();

			HttpClient http = HttpClient.newHttpClient();
			String traceHex = "0102030405060708090a0b0c0d0e0f10";
			String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"front\"}}]},"
					+ "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceHex + "\",\"spanId\":\"0102030405060708\","
					+ "\"parentSpanId\":\"\",\"name\":\"GET /\",\"kind\":2,\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"5000\"}]}]}]}";
			assertEquals(200, post(http, otlp, "application/json", json.getBytes()).statusCode());
			byte[] protobuf = OtlpForwarder.fromJson(json.replace("GET /", "POST /").getBytes());
			assertEquals(200, post(http, otlp, "application/x-protobuf", protobuf).statusCode());
			HttpResponse<String> bad = post(http, otlp, "application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}".getBytes());
			assertEquals(400, bad.statusCode());
			assertTrue(bad.body().contains("traceId \\\"xyz\\\" is not hex"), bad.body());

			List<Span> spans = new ArrayList<>();
			Properties p = new Properties();
			p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
			p.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
			p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
				consumer.subscribe(List.of(OtlpForwarder.TOPIC));
				long end = System.currentTimeMillis() + 30_000;
				while (spans.size() < 2 && System.currentTimeMillis() < end) {
					for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
						ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(r.value());
						req.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
					}
				}
			}
			assertEquals(List.of("GET /", "POST /"), spans.stream().map(Span::getName).sorted().toList());
			for (Span s : spans) {
				assertEquals(traceHex, HexFormat.of().formatHex(s.getTraceId().toByteArray()));
				assertEquals(4000, s.getEndTimeUnixNano() - s.getStartTimeUnixNano());
			}
		} finally {
			broker.destroy();
			assertTrue(broker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the broker ends when told");
		}
		assertFalse(broker.isAlive());
	}

	private static HttpResponse<String> post(HttpClient http, int port, String type, byte[] body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces")).header("Content-Type", type)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private String log() {
		try {
			return Files.readString(dir.resolve("kafka.log"));
		} catch (IOException e) {
			return e.toString();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
