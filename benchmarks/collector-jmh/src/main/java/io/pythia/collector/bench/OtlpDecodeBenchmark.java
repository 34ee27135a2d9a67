// SPDX-License-Identifier: EPL-2.0
package io.pythia.collector.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.importers.OtlpSpans;

/**
 * What the collector does with each OTLP protobuf export request, two ways: the importers' decoder
 * ({@link OtlpSpans#readProtobuf}: opentelemetry-proto's generated {@code ExportTraceServiceRequest.parseFrom}, then
 * the conversion to {@link SpanInput}s) and the hand-written decoder it replaced ({@link HandWrittenOtlpDecoder}).
 * Both give the same spans (checked before the trial) and hand each to a black hole. A request is what a service's batch span processor sends: 512
 * spans (its default batch) of one resource, each with the attributes the OpenTelemetry Java agent puts on HTTP and
 * JDBC spans. Scores are spans per microsecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class OtlpDecodeBenchmark {

	@Param({ "512" })
	public int spans;

	private byte[] body;
	private Interner interner;

	@Setup(Level.Trial)
	public void setUp() throws TraceFormatException, HandWrittenOtlpDecoder.Malformed {
		body = request(spans, new Random(7)).toByteArray();
		interner = new Interner();
		// the two must agree span for span, or the comparison means nothing
		List<Map.Entry<String, SpanInput>> a = new ArrayList<>();
		List<Map.Entry<String, SpanInput>> b = new ArrayList<>();
		OtlpSpans.readProtobuf("request", body, interner, (t, s) -> a.add(Map.entry(t, s)));
		new HandWrittenOtlpDecoder(interner).read(body, (t, s) -> b.add(Map.entry(t, s)));
		if (a.size() != spans || !a.equals(b)) {
			throw new IllegalStateException("the decoders disagree: " + a.size() + " and " + b.size() + " spans");
		}
	}

	@Benchmark
	@org.openjdk.jmh.annotations.OperationsPerInvocation(512)
	public void handWritten(Blackhole bh) throws HandWrittenOtlpDecoder.Malformed {
		new HandWrittenOtlpDecoder(interner).read(body, (t, s) -> {
			bh.consume(t);
			bh.consume(s);
		});
	}

	@Benchmark
	@org.openjdk.jmh.annotations.OperationsPerInvocation(512)
	public void openTelemetryProto(Blackhole bh) throws TraceFormatException {
		OtlpSpans.readProtobuf("request", body, interner, (t, s) -> {
			bh.consume(t);
			bh.consume(s);
		});
	}

	/** One export request of {@code n} spans: traces of eight spans (a server span, JDBC and client calls). */
	static ExportTraceServiceRequest request(int n, Random random) {
		Resource resource = Resource.newBuilder().addAllAttributes(List.of(kv("service.name", "storage-2"),
				kv("host.name", "lab-host"), kv("telemetry.sdk.name", "opentelemetry"), kv("telemetry.sdk.language", "java"),
				kv("telemetry.sdk.version", "1.65.0"), kv("process.pid", 4711L), kv("os.type", "linux"),
				kv("process.runtime.name", "OpenJDK Runtime Environment"))).build();
		ScopeSpans.Builder scope = ScopeSpans.newBuilder()
				.setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.jetty-12.0").setVersion("2.31.0-alpha"));
		long t = 1_764_000_000_000_000_000L;
		byte[] traceId = new byte[16];
		byte[] root = new byte[8];
		for (int i = 0; i < n; i++) {
			if (i % 8 == 0) {
				random.nextBytes(traceId);
				random.nextBytes(root);
			}
			byte[] id = new byte[8];
			random.nextBytes(id);
			boolean server = i % 8 == 0;
			List<KeyValue> attrs = new ArrayList<>(server
					? List.of(kv("http.request.method", "POST"), kv("url.path", "/store"), kv("url.scheme", "http"),
							kv("server.address", "127.0.0.1"), kv("server.port", 9102L), kv("http.response.status_code", 200L),
							kv("network.protocol.version", "1.1"), kv("client.address", "127.0.0.1"))
					: List.of(kv("db.system.name", "h2"), kv("db.namespace", "replica"), kv("db.operation.name", "INSERT"),
							kv("db.query.text", "insert into blobs (k, v) values (?, ?)"), kv("db.collection.name", "blobs")));
			attrs.add(kv("thread.name", "qtp1234-" + random.nextInt(40)));
			attrs.add(kv("thread.id", 40L + random.nextInt(40)));
			long start = t + i * 1_000_000L;
			scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
					.setSpanId(server ? ByteString.copyFrom(root) : ByteString.copyFrom(id))
					.setParentSpanId(server ? ByteString.EMPTY : ByteString.copyFrom(root))
					.setName(server ? "POST /store" : "INSERT replica.blobs")
					.setKind(server ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
					.setStartTimeUnixNano(start).setEndTimeUnixNano(start + 200_000 + random.nextInt(5_000_000))
					.addAllAttributes(attrs));
		}
		return ExportTraceServiceRequest.newBuilder()
				.addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
	}

	private static KeyValue kv(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	private static KeyValue kv(String key, long value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
	}
}
