// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pythia.control.OtlpGrpcReceiver;
import io.pythia.control.TraceCollector;
import io.pythia.core.trace.TraceSink;

/**
 * {@code pythia bench ingest}: spans per second that the workbench's collector receives on loopback and assembles
 * into traces, from several concurrent senders, per OTLP protocol. Every trace has eight spans, four from each of
 * two services, sent in two requests of 512 spans (a batch span processor's default batch), so the collector joins
 * each trace across requests as it does a real system's. The clock runs from the first request sent to the last
 * trace handed to the sink.
 * <p>
 * The senders share the machine with the collector, so encoding is kept off their path: each request is a copy of
 * one pre-encoded template with fresh trace ids written into it at the offsets the template's placeholder ids have.
 */
final class IngestBench {

	enum Protocol {
		HTTP_JSON("OTLP/HTTP JSON"), HTTP_PROTOBUF("OTLP/HTTP protobuf"), GRPC("OTLP/gRPC");

		final String label;

		Protocol(String label) {
			this.label = label;
		}
	}

	static final int SPANS_PER_REQUEST = 512;
	static final int SPANS_PER_SERVICE = 4;
	static final int TRACES_PER_REQUEST = SPANS_PER_REQUEST / SPANS_PER_SERVICE;

	/** One run's outcome. */
	record Run(long spans, long traces, double seconds, long rejected) {
		double spansPerSecond() {
			return spans / seconds;
		}
	}

	private final PrintStream out;

	IngestBench(PrintStream out) {
		this.out = out;
	}

	/** Prints one line per protocol, each ending in "N spans/s"; false if a run lost or refused anything. */
	boolean run(long spans, int senders, int runs, List<Protocol> protocols) throws IOException, InterruptedException {
		boolean allWell = true;
		long pairs = Math.max(senders, spans / (2L * SPANS_PER_REQUEST));
		pairs = (pairs + senders - 1) / senders * senders; // every sender sends as many
		long total = pairs * 2 * SPANS_PER_REQUEST;
		for (Protocol p : protocols) {
			Templates templates = new Templates(p);
			measure(p, templates, Math.max(senders, pairs / 4 / senders * senders), senders); // warm-up: the JIT, both ends
			double[] rates = new double[runs];
			for (int r = 0; r < runs; r++) {
				System.gc();
				Run run = measure(p, templates, pairs, senders);
				if (run.spans() != total || run.rejected() > 0) {
					out.printf(Locale.ROOT, "%s: run %d assembled %,d of %,d spans (%,d requests refused)%n", p.label, r + 1,
							run.spans(), total, run.rejected());
					allWell = false;
				}
				rates[r] = run.spansPerSecond();
			}
			out.printf(Locale.ROOT, "%-19s %,d spans in %,d-span requests from %d senders, median of %d runs (%s): %,.0f spans/s%n",
					p.label + ":", total, SPANS_PER_REQUEST, senders, runs, list(rates), BenchCommand.median(rates));
		}
		return allWell;
	}

	/** One run: a fresh collector, {@code pairs} request pairs (a trace's two halves) spread over the senders. */
	Run measure(Protocol protocol, Templates templates, long pairs, int senders) throws IOException, InterruptedException {
		AtomicLong spans = new AtomicLong();
		AtomicLong traces = new AtomicLong();
		long expectedTraces = pairs * TRACES_PER_REQUEST;
		TraceSink sink = TraceSink.of(t -> {
			spans.addAndGet(t.spans());
			traces.incrementAndGet();
		}, w -> {
		});
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try (TraceCollector collector = new TraceCollector(0, protocol == Protocol.GRPC ? 0 : -1, 200, sink).start()) {
			List<Sender> all = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				all.add(sender(protocol, collector));
			}
			long perSender = pairs / senders;
			long t0 = System.nanoTime();
			List<Future<?>> sent = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				Sender sender = all.get(s);
				long first = s * perSender;
				sent.add(pool.submit(() -> {
					for (long i = first; i < first + perSender; i++) {
						sender.send(templates.front(i));
						sender.send(templates.back(i));
					}
					return null;
				}));
			}
			for (Future<?> f : sent) {
				f.get();
			}
			collector.completeAll();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (traces.get() < expectedTraces && System.nanoTime() < deadline) {
				Thread.sleep(1); // the collector's timer may still be handing over what it took before completeAll
			}
			double seconds = (System.nanoTime() - t0) / 1e9;
			for (Sender s : all) {
				s.close();
			}
			return new Run(spans.get(), traces.get(), seconds, collector.counters().rejectedRequests());
		} catch (ExecutionException e) {
			throw new IOException("a sender failed: " + e.getCause().getMessage(), e.getCause());
		} finally {
			pool.shutdownNow();
		}
	}

	private interface Sender extends AutoCloseable {
		void send(byte[] request) throws IOException, InterruptedException;

		@Override
		void close();
	}

	private static Sender sender(Protocol protocol, TraceCollector collector) {
		if (protocol == Protocol.GRPC) {
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", collector.grpcPort()).usePlaintext().build();
			return new Sender() {
				@Override
				public void send(byte[] request) {
					ClientCalls.blockingUnaryCall(channel, OtlpGrpcReceiver.EXPORT, CallOptions.DEFAULT, request);
				}

				@Override
				public void close() {
					channel.shutdownNow();
				}
			};
		}
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI uri = URI.create("http://127.0.0.1:" + collector.port() + "/v1/traces");
		String type = protocol == Protocol.HTTP_JSON ? "application/json" : "application/x-protobuf";
		return new Sender() {
			@Override
			public void send(byte[] request) throws IOException, InterruptedException {
				HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", type)
						.POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() != 200) {
					throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
				}
			}

			@Override
			public void close() {
				http.close();
			}
		};
	}

	/**
	 * The two requests of a pair, front's and back's, encoded once. Trace slot j of a template has the placeholder
	 * id {@code a5 x8, j (4 bytes), 5a x4}; pair i writes {@code i (8 bytes), j, 00 x4} over it, so every trace id of
	 * a run is new and both halves of a trace carry the same one.
	 */
	static final class Templates {
		private final boolean json;
		private final byte[] front;
		private final byte[] back;
		private final int[][] frontAt;
		private final int[][] backAt;

		Templates(Protocol protocol) {
			this.json = protocol == Protocol.HTTP_JSON;
			this.front = encode("front", true);
			this.back = encode("back", false);
			this.frontAt = offsets(front);
			this.backAt = offsets(back);
		}

		byte[] front(long pair) {
			return fill(front, frontAt, pair);
		}

		byte[] back(long pair) {
			return fill(back, backAt, pair);
		}

		private byte[] fill(byte[] template, int[][] at, long pair) {
			byte[] out = template.clone();
			for (int j = 0; j < at.length; j++) {
				byte[] id = traceId(pair, j);
				byte[] written = json ? HexFormat.of().formatHex(id).getBytes(StandardCharsets.US_ASCII) : id;
				for (int offset : at[j]) {
					System.arraycopy(written, 0, out, offset, written.length);
				}
			}
			return out;
		}

		private int[][] offsets(byte[] template) {
			int[][] at = new int[TRACES_PER_REQUEST][];
			for (int j = 0; j < TRACES_PER_REQUEST; j++) {
				byte[] id = placeholder(j);
				byte[] pattern = json ? HexFormat.of().formatHex(id).getBytes(StandardCharsets.US_ASCII) : id;
				List<Integer> found = new ArrayList<>();
				for (int i = 0; i + pattern.length <= template.length; i++) {
					if (Arrays.equals(template, i, i + pattern.length, pattern, 0, pattern.length)) {
						found.add(i);
					}
				}
				if (found.size() != SPANS_PER_SERVICE) {
					throw new IllegalStateException("trace " + j + "'s id is in the template " + found.size() + " times");
				}
				at[j] = found.stream().mapToInt(Integer::intValue).toArray();
			}
			return at;
		}

		private static byte[] placeholder(int slot) {
			byte[] id = new byte[16];
			Arrays.fill(id, 0, 8, (byte) 0xa5);
			putInt(id, 8, slot);
			Arrays.fill(id, 12, 16, (byte) 0x5a);
			return id;
		}

		static byte[] traceId(long pair, int slot) {
			byte[] id = new byte[16];
			for (int i = 0; i < 8; i++) {
				id[i] = (byte) (pair >>> (56 - 8 * i));
			}
			putInt(id, 8, slot);
			return id;
		}

		private static void putInt(byte[] b, int at, int v) {
			for (int i = 0; i < 4; i++) {
				b[at + i] = (byte) (v >>> (24 - 8 * i));
			}
		}

		/** Front: a server span and three children; back: a server span under front's client call, and two. */
		private byte[] encode(String service, boolean isFront) {
			ScopeSpans.Builder scope = ScopeSpans.newBuilder()
					.setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.jetty-12.0").setVersion("2.31.0-alpha"));
			long t = 1_764_000_000_000_000_000L;
			for (int j = 0; j < TRACES_PER_REQUEST; j++) {
				ByteString trace = ByteString.copyFrom(placeholder(j));
				for (int k = 0; k < SPANS_PER_SERVICE; k++) {
					// span ids only need to be unique within their trace: 1-4 at front, 5-8 at back
					int id = (isFront ? 1 : 5) + k;
					int parent = isFront ? (k == 0 ? 0 : 1) : (k == 0 ? 4 : 5);
					long start = t + j * 10_000_000L + k * 1_000_000L;
					Span.Builder span = Span.newBuilder().setTraceId(trace).setSpanId(ByteString.copyFrom(spanId(id)))
							.setName(k == 0 ? "POST /" + service : service + ".step" + k)
							.setKind(k == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_INTERNAL)
							.setStartTimeUnixNano(start).setEndTimeUnixNano(start + (k == 0 ? 9_000_000L : 800_000L))
							.addAttributes(kv("thread.name", "qtp-" + (j % 16))).addAttributes(kv("thread.id", 40 + j % 16));
					if (parent != 0) {
						span.setParentSpanId(ByteString.copyFrom(spanId(parent)));
					}
					if (k == 0) {
						span.addAttributes(kv("http.request.method", "POST")).addAttributes(kv("url.path", "/" + service))
								.addAttributes(kv("http.response.status_code", 200));
					}
					scope.addSpans(span);
				}
			}
			ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
					.addResourceSpans(ResourceSpans.newBuilder()
							.setResource(Resource.newBuilder().addAttributes(kv("service.name", service))
									.addAttributes(kv("host.name", "bench")).addAttributes(kv("telemetry.sdk.language", "java")))
							.addScopeSpans(scope))
					.build();
			return json ? json(request) : request.toByteArray();
		}

		private static byte[] spanId(int id) {
			byte[] b = new byte[8];
			b[7] = (byte) id;
			return b;
		}

		private static KeyValue kv(String key, String value) {
			return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
		}

		private static KeyValue kv(String key, long value) {
			return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
		}

		/** OTLP/JSON as the specification writes it: hex ids, 64-bit numbers as strings, enums as numbers. */
		private static byte[] json(ExportTraceServiceRequest request) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
				g.writeStartObject();
				g.writeArrayFieldStart("resourceSpans");
				for (ResourceSpans rs : request.getResourceSpansList()) {
					g.writeStartObject();
					g.writeObjectFieldStart("resource");
					attributes(g, rs.getResource().getAttributesList());
					g.writeEndObject();
					g.writeArrayFieldStart("scopeSpans");
					for (ScopeSpans ss : rs.getScopeSpansList()) {
						g.writeStartObject();
						g.writeObjectFieldStart("scope");
						g.writeStringField("name", ss.getScope().getName());
						g.writeStringField("version", ss.getScope().getVersion());
						g.writeEndObject();
						g.writeArrayFieldStart("spans");
						for (Span s : ss.getSpansList()) {
							g.writeStartObject();
							g.writeStringField("traceId", HexFormat.of().formatHex(s.getTraceId().toByteArray()));
							g.writeStringField("spanId", HexFormat.of().formatHex(s.getSpanId().toByteArray()));
							if (!s.getParentSpanId().isEmpty()) {
								g.writeStringField("parentSpanId", HexFormat.of().formatHex(s.getParentSpanId().toByteArray()));
							}
							g.writeStringField("name", s.getName());
							g.writeNumberField("kind", s.getKindValue());
							g.writeStringField("startTimeUnixNano", Long.toUnsignedString(s.getStartTimeUnixNano()));
							g.writeStringField("endTimeUnixNano", Long.toUnsignedString(s.getEndTimeUnixNano()));
							attributes(g, s.getAttributesList());
							g.writeEndObject();
						}
						g.writeEndArray();
						g.writeEndObject();
					}
					g.writeEndArray();
					g.writeEndObject();
				}
				g.writeEndArray();
				g.writeEndObject();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return bytes.toByteArray();
		}

		private static void attributes(JsonGenerator g, List<KeyValue> attributes) throws IOException {
			g.writeArrayFieldStart("attributes");
			for (KeyValue kv : attributes) {
				g.writeStartObject();
				g.writeStringField("key", kv.getKey());
				g.writeObjectFieldStart("value");
				if (kv.getValue().hasIntValue()) {
					g.writeStringField("intValue", Long.toString(kv.getValue().getIntValue()));
				} else {
					g.writeStringField("stringValue", kv.getValue().getStringValue());
				}
				g.writeEndObject();
				g.writeEndObject();
			}
			g.writeEndArray();
		}
	}

	private static String list(double[] values) {
		List<String> parts = new ArrayList<>();
		for (double v : values) {
			parts.add(String.format(Locale.ROOT, "%,.0f", v));
		}
		return String.join(" ", parts);
	}
}
