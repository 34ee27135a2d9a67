// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pythia.control.AnalysedWindows;
import io.pythia.core.analysis.AnalysisOptions;

/**
 * {@code ./pythia bench stream}: how many spans a second the streaming job keeps up with. A real broker process (the
 * lab's) gets OTLP export requests at a set rate for a while, as an SDK batches them (traces of 8 spans, 64 spans a
 * request); the job on the cluster analyses them window by window. A rate is kept up with when every window comes
 * with every trace whose root started in it, and its report's lag after the window's due time stays flat.
 * <p>
 * Usage: {@code StreamBench KAFKA_LIB JOBMANAGER PARALLELISM SECONDS RATE...} (rates in spans/s)
 */
public final class StreamBench {

	private static final long WINDOW = 2000;
	private static final long GAP = 500;
	private static final int SPANS_PER_TRACE = 8;
	private static final int SPANS_PER_REQUEST = 64;

	private StreamBench() {
	}

	/** One rate's outcome. */
	record Outcome(double rate, double sentRate, long produced, long analysed, List<Long> lagsMillis) {
		/** Every trace analysed, every window came, and the last one no later than a window length after its due time. */
		boolean keptUp() {
			return analysed == produced && !lagsMillis.contains(-1L)
					&& (lagsMillis.isEmpty() || lagsMillis.get(lagsMillis.size() - 1) < WINDOW);
		}
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 5) {
			System.err.println("usage: StreamBench KAFKA_LIB JOBMANAGER PARALLELISM SECONDS RATE...");
			System.exit(2);
		}
		Path kafkaLib = Path.of(args[0]);
		String jobmanager = args[1];
		int parallelism = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		Path dir = Files.createTempDirectory("pythia-stream-bench");
		Process broker = startBroker(kafkaLib, dir);
		int status = 0;
		try {
			String bootstrap = Files.readString(dir.resolve("ready")).strip();
			System.out.printf(Locale.ROOT, "broker %s; job on %s, parallelism %d; %d s per rate, windows of %d ms, traces of %d spans%n",
					bootstrap, jobmanager, parallelism, seconds, WINDOW, SPANS_PER_TRACE);
			for (int i = 4; i < args.length; i++) {
				Outcome o = run(bootstrap, jobmanager, parallelism, seconds, Double.parseDouble(args[i]));
				System.out.printf(Locale.ROOT, "%,10.0f spans/s asked, %,10.0f sent: %d/%d traces analysed, report lag by window (ms) %s: %s%n",
						o.rate(), o.sentRate(), o.analysed(), o.produced(), o.lagsMillis(), o.keptUp() ? "kept up" : "fell behind");
				status |= o.keptUp() ? 0 : 3;
			}
		} finally {
			broker.destroy();
			if (!broker.waitFor(30, TimeUnit.SECONDS)) {
				broker.destroyForcibly();
			}
			try (var walk = Files.walk(dir)) {
				walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		System.exit(status);
	}

	private static Outcome run(String bootstrap, String jobmanager, int parallelism, int seconds, double rate)
			throws Exception {
		StreamExecutionEnvironment env = FlinkAnalysisEngine.environment(
				Map.of("jobmanager", jobmanager, "parallelism", Integer.toString(parallelism)), FlinkAnalysisEngine.streamJars());
		Properties p = new Properties();
		p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		try (FlinkLiveWindows windows = FlinkLiveWindows.open(env, bootstrap, WINDOW, GAP, AnalysisOptions.DEFAULTS);
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
			Random random = new Random(1);
			long traceNo = 0;
			// until the job reads: a window comes back
			while (windows.poll(0, Duration.ofMillis(500)) == null) {
				producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC, request(List.of(trace(traceNo++, System.currentTimeMillis(), random)))));
				producer.flush();
			}
			long first = (System.currentTimeMillis() / WINDOW + 1) * WINDOW;
			long end = first + seconds * 1000L;
			// windows are taken as they come, beside the sending: their lag is when they came
			Map<Long, long[]> arrived = new java.util.concurrent.ConcurrentHashMap<>();
			Throwable[] failed = new Throwable[1];
			Thread reader = new Thread(() -> {
				long next = first;
				long giveUp = end + 60_000 + 2L * seconds * 1000;
				try {
					while (next < end && System.currentTimeMillis() < giveUp) {
						AnalysedWindows.Window w = windows.poll(next, Duration.ofMillis(200));
						if (w != null) {
							arrived.put(w.startMillis(), new long[] { System.currentTimeMillis(), w.traces() });
							if (w.badMessages() + w.incomplete() + w.rejectedTraces() > 0 || !w.problems().isEmpty()) {
								System.out.printf(Locale.ROOT, "  window %tT: %d bad message(s), %d incomplete, %d rejected trace(s) %s%n",
										w.startMillis(), w.badMessages(), w.incomplete(), w.rejectedTraces(), w.problems());
							}
							next = w.startMillis() + WINDOW;
						}
					}
				} catch (IOException | RuntimeException e) {
					failed[0] = e;
				}
			}, "windows");
			Thread.sleep(first - System.currentTimeMillis());
			reader.start();
			TreeMap<Long, Long> producedByWindow = new TreeMap<>();
			long spans = 0;
			long t0 = System.nanoTime();
			List<List<Span>> batch = new ArrayList<>();
			for (long now = System.currentTimeMillis(); now < end; now = System.currentTimeMillis()) {
				// keep to the rate: the spans sent so far should not run ahead of the time gone
				double due = rate * (System.nanoTime() - t0) / 1e9;
				if (spans >= due) {
					Thread.onSpinWait();
					continue;
				}
				batch.clear();
				for (int i = 0; i < SPANS_PER_REQUEST / SPANS_PER_TRACE; i++) {
					batch.add(trace(traceNo++, now, random));
					producedByWindow.merge(now / WINDOW, 1L, Long::sum);
				}
				producer.send(new ProducerRecord<>(FlinkLiveWindows.SPANS_TOPIC, request(batch)));
				spans += SPANS_PER_REQUEST;
			}
			producer.flush();
			double sentRate = spans / ((System.nanoTime() - t0) / 1e9);
			reader.join();
			if (failed[0] != null) {
				throw new IOException("reading the windows failed: " + failed[0].getMessage(), failed[0]);
			}
			long produced = 0;
			long analysed = 0;
			List<Long> lags = new ArrayList<>();
			for (Map.Entry<Long, Long> e : producedByWindow.entrySet()) {
				long start = e.getKey() * WINDOW;
				long[] w = arrived.get(start);
				produced += e.getValue();
				if (w == null) {
					lags.add(-1L); // never came
					continue;
				}
				analysed += w[1];
				lags.add(w[0] - (start + WINDOW + GAP + FlinkLiveWindows.GRACE_MILLIS));
			}
			return new Outcome(rate, sentRate, produced, analysed, lags);
		}
	}

	private static List<Span> trace(long n, long startMillis, Random random) {
		byte[] traceId = new byte[16];
		java.nio.ByteBuffer.wrap(traceId).putLong(0x7079746869610000L).putLong(n);
		List<Span> spans = new ArrayList<>(SPANS_PER_TRACE);
		long start = startMillis * 1_000_000;
		long t = start + 100_000;
		for (int i = 1; i < SPANS_PER_TRACE; i++) {
			long d = (long) (1_000_000 * Math.exp(0.3 * random.nextGaussian()));
			spans.add(span(traceId, i + 1, 1, "step-" + i, t, t + d));
			t += d + 50_000;
		}
		spans.add(0, span(traceId, 1, 0, "GET /bench", start, t + 100_000));
		return spans;
	}

	private static Span span(byte[] traceId, int id, int parent, String name, long start, long end) {
		Span.Builder s = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
				.setSpanId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(id).array())).setName(name)
				.setStartTimeUnixNano(start).setEndTimeUnixNano(end)
				.addAttributes(KeyValue.newBuilder().setKey("http.method").setValue(AnyValue.newBuilder().setStringValue("GET")));
		if (parent > 0) {
			s.setParentSpanId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(parent).array()));
		}
		return s.build();
	}

	private static byte[] request(List<List<Span>> traces) {
		ScopeSpans.Builder scope = ScopeSpans.newBuilder();
		traces.forEach(scope::addAllSpans);
		return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
				.setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
						.setValue(AnyValue.newBuilder().setStringValue("bench"))))
				.addScopeSpans(scope)).build().toByteArray();
	}

	private static Process startBroker(Path kafkaLib, Path dir) throws IOException, InterruptedException {
		Process broker = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-cp",
				kafkaLib + "/*", "io.pythia.kafka.LabKafka", dir.toString(), Integer.toString(freePort()),
				Integer.toString(freePort()), Integer.toString(freePort())).redirectErrorStream(true)
				.redirectOutput(dir.resolve("kafka.log").toFile()).start();
		for (int i = 0; i < 900 && !Files.exists(dir.resolve("ready")) && broker.isAlive(); i++) {
			Thread.sleep(100);
		}
		if (!Files.exists(dir.resolve("ready"))) {
			broker.destroyForcibly();
			throw new IOException("the broker did not come up: " + Files.readString(dir.resolve("kafka.log")));
		}
		return broker;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
