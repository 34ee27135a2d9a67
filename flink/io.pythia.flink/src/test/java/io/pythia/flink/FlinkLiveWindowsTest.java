// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pythia.control.AnalysedWindows;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.ReportAgreement;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.importers.OtlpSpans;
import io.pythia.search.SearchSpace;

/**
 * The streaming job on a MiniCluster, reading from the lab's real Kafka process: a window's report is the local
 * analysis of the same spans, a trace whose spans came in two messages is one trace, and bad messages are counted
 * in their window without stopping the job.
 */
class FlinkLiveWindowsTest {

	private static final long WINDOW = 2000;
	private static Path dir;
	private static Process broker;
	private static String bootstrap;

	@BeforeAll
	static void startBroker() throws Exception {
		dir = Files.createTempDirectory("pythia-kafka-test");
		String lib = System.getProperty("pythia.kafka.lib");
		assertNotNull(lib, "the Kafka process's class path (pythia.kafka.lib)");
		broker = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-cp", lib + "/*",
				"io.pythia.kafka.LabKafka", dir.toString(), Integer.toString(freePort()), Integer.toString(freePort()),
				Integer.toString(freePort())).redirectErrorStream(true).redirectOutput(dir.resolve("kafka.log").toFile()).start();
		Path ready = dir.resolve("ready");
		for (int i = 0; i < 900 && !Files.exists(ready) && broker.isAlive(); i++) {
			Thread.sleep(100);
		}
		assertTrue(Files.exists(ready), () -> "the broker did not come up: " + read(dir.resolve("kafka.log")));
		bootstrap = Files.readString(ready).strip();
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (broker != null) {
			broker.destroy();
			if (!broker.waitFor(30, TimeUnit.SECONDS)) {
				broker.destroyForcibly();
			}
		}
		try (var walk = Files.walk(dir)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	@Test
	void aWindowsReportIsTheLocalAnalysisOfItsSpansAndBadInputIsCounted() throws Exception {
		AnalysisOptions options = AnalysisOptions.DEFAULTS;
		StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
		try (FlinkLiveWindows windows = FlinkLiveWindows.open(env, bootstrap, WINDOW, 300, options);
				KafkaProducer<byte[], byte[]> producer = producer()) {
			// the job deploys first: a window that begins once it reads
			waitUntilReading(windows, producer);
			long start = (System.currentTimeMillis() / WINDOW + 1) * WINDOW;
			Thread.sleep(start - System.currentTimeMillis() + 20);
			List<byte[]> messages = new ArrayList<>();
			Random random = new Random(3);
			for (int i = 0; i < 60; i++) {
				String type = i % 3 == 0 ? "GET /slow" : "GET /fast";
				long root = start * 1_000_000 + i * 10_000_000L;
				long db = (long) (2_000_000 * Math.exp(random.nextGaussian() * (type.endsWith("slow") ? 0.9 : 0.1)));
				byte[] trace = traceId(i);
				// the root in one message, its child in another: the job assembles them by trace id
				messages.add(request("front", span(trace, 1, 0, type, root, root + db + 3_000_000)));
				messages.add(request("db", span(trace, 2, 1, "SELECT", root + 1_000_000, root + 1_000_000 + db)));
			}
			for (byte[] m : messages) {
				producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC, m));
			}
			producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC, "not protobuf at all".getBytes()));
			producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC,
					request("front", Span.newBuilder().setName("no ids").setStartTimeUnixNano(1).setEndTimeUnixNano(2).build())));
			producer.flush();

			AnalysedWindows.Window w = next(windows, start);
			assertEquals(start, w.startMillis());
			assertEquals(60, w.traces());
			assertEquals(2, w.badMessages(), "the two bad messages: " + w.problems());
			assertTrue(w.problems().stream().anyMatch(p -> p.contains("no trace_id or span_id")), w.problems().toString());

			Analysis local = new Analysis(options);
			SearchSpace.Builder space = new SearchSpace.Builder(options.requestTypeRule());
			Map<String, List<SpanInput>> byTrace = new LinkedHashMap<>();
			for (byte[] m : messages) {
				OtlpSpans.readProtobuf("m", m, new Interner(), (t, s) -> byTrace.computeIfAbsent(t, k -> new ArrayList<>()).add(s));
			}
			SpanTraceAssembler assembler = new SpanTraceAssembler("otlp", new Interner(), x -> {
			});
			for (Map.Entry<String, List<SpanInput>> e : byTrace.entrySet()) {
				var t = assembler.assemble(e.getKey(), e.getValue());
				local.accept(t);
				space.add(t);
			}
			assertEquals(List.of(), ReportAgreement.differences(local.report(), w.report(), false),
					"where the window's report differs from the local analysis");
			assertEquals(space.build().size(), w.space().build().size());
			assertEquals(space.requestTypes(), w.space().requestTypes());

			// the job goes on after bad input: the next window comes too
			long later = start + WINDOW;
			Thread.sleep(Math.max(0, later - System.currentTimeMillis()) + 20);
			producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC,
					request("front", span(traceId(1000), 1, 0, "GET /fast", later * 1_000_000, later * 1_000_000 + 4_000_000))));
			producer.flush();
			AnalysedWindows.Window after = next(windows, later);
			assertEquals(1, after.traces());
			assertEquals(0, after.badMessages());
		}
	}

	/** Sends lone root spans until one of them comes back in a window: then the job's source reads. */
	private static void waitUntilReading(FlinkLiveWindows windows, KafkaProducer<byte[], byte[]> producer) throws Exception {
		long t0 = System.currentTimeMillis();
		for (int i = 0; System.currentTimeMillis() - t0 < 120_000; i++) {
			long now = System.currentTimeMillis() * 1_000_000;
			producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC,
					request("warm", span(traceId(5000 + i), 1, 0, "warm-up", now, now + 1_000_000))));
			producer.flush();
			if (windows.poll(0, Duration.ofMillis(500)) != null) {
				return;
			}
		}
		throw new AssertionError("the job sent no window in 120 s");
	}

	private static AnalysedWindows.Window next(FlinkLiveWindows windows, long notBefore) throws IOException {
		AnalysedWindows.Window w = windows.poll(notBefore, Duration.ofSeconds(60));
		assertNotNull(w, "no window from " + notBefore + " within 60 s");
		return w;
	}

	private static KafkaProducer<byte[], byte[]> producer() {
		Properties p = new Properties();
		p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
	}

	private static byte[] traceId(int i) {
		byte[] id = new byte[16];
		id[0] = 1;
		id[12] = (byte) (i >> 24);
		id[13] = (byte) (i >> 16);
		id[14] = (byte) (i >> 8);
		id[15] = (byte) i;
		return id;
	}

	private static Span span(byte[] trace, int id, int parent, String name, long start, long end) {
		Span.Builder s = Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(spanId(id)))
				.setName(name).setStartTimeUnixNano(start).setEndTimeUnixNano(end);
		if (parent > 0) {
			s.setParentSpanId(ByteString.copyFrom(spanId(parent)));
		}
		return s.build();
	}

	private static byte[] spanId(int i) {
		return new byte[] { 0, 0, 0, 0, 0, 0, 0, (byte) i };
	}

	private static byte[] request(String service, Span span) {
		return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
				.setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
						.setValue(AnyValue.newBuilder().setStringValue(service))))
				.addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	private static String read(Path p) {
		try {
			return Files.readString(p);
		} catch (IOException e) {
			return e.toString();
		}
	}
}
