// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.TraceFormatException;

/** OTLP protobuf export requests, as the OpenTelemetry SDK writes them, read span by span. */
class OtlpProtobufSpansTest {

	private static final ByteString TRACE = bytes(0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e,
			0x0e, 0x47, 0x36);

	private static ByteString bytes(int... b) {
		byte[] out = new byte[b.length];
		for (int i = 0; i < b.length; i++) {
			out[i] = (byte) b[i];
		}
		return ByteString.copyFrom(out);
	}

	private static KeyValue kv(String key, AnyValue value) {
		return KeyValue.newBuilder().setKey(key).setValue(value).build();
	}

	private static Span span(int id, int parent, String name, long start, long end) {
		return Span.newBuilder().setTraceId(TRACE).setSpanId(bytes(0, 0, 0, 0, 0, 0, 0, id))
				.setParentSpanId(parent == 0 ? ByteString.EMPTY : bytes(0, 0, 0, 0, 0, 0, 0, parent)).setName(name)
				.setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start).setEndTimeUnixNano(end).build();
	}

	private static ResourceSpans.Builder service(String name) {
		return ResourceSpans.newBuilder().setResource(Resource.newBuilder()
				.addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue(name).build()))
				.addAttributes(kv("host.name", AnyValue.newBuilder().setStringValue("h1").build())));
	}

	private static List<Map.Entry<String, SpanInput>> read(byte[] body) throws TraceFormatException {
		List<Map.Entry<String, SpanInput>> out = new ArrayList<>();
		OtlpSpans.readProtobuf("request", body, new Interner(), (t, s) -> out.add(Map.entry(t, s)));
		return out;
	}

	@Test
	void spansOfSeveralResourcesWithTheirAttributes() throws Exception {
		Span root = span(1, 0, "GET /", 1_000, 9_000).toBuilder()
				.addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(200).build()))
				.addAttributes(kv("retry", AnyValue.newBuilder().setBoolValue(true).build()))
				.addAttributes(kv("load", AnyValue.newBuilder().setDoubleValue(0.5).build())).build();
		byte[] body = ExportTraceServiceRequest.newBuilder()
				.addResourceSpans(service("front").addScopeSpans(ScopeSpans.newBuilder().addSpans(root)))
				.addResourceSpans(service("back").addScopeSpans(ScopeSpans.newBuilder().addSpans(span(2, 1, "store", 2_000, 0))))
				.build().toByteArray();
		List<Map.Entry<String, SpanInput>> spans = read(body);
		assertEquals(2, spans.size());
		assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", spans.get(0).getKey());
		SpanInput front = spans.get(0).getValue();
		assertEquals("0000000000000001", front.id());
		assertNull(front.parentId());
		assertEquals("front:GET /", front.tracepoint());
		assertEquals(1_000, front.startNanos());
		assertEquals(8_000, front.durationNanos());
		assertEquals("h1", front.attributes().host());
		assertEquals(Map.of("span.kind", "2", "http.response.status_code", "200", "retry", "true", "load", "0.5"),
				front.attributes().tags());
		SpanInput back = spans.get(1).getValue();
		assertEquals("0000000000000001", back.parentId());
		assertEquals("back:store", back.tracepoint());
		assertEquals(SpanInput.UNKNOWN_DURATION, back.durationNanos(), "no end time: an in-flight span");
	}

	/** OTLP before 1.0 sent ResourceSpans.instrumentation_library_spans (field 1000), laid out as ScopeSpans. */
	@Test
	void theDeprecatedInstrumentationLibrarySpans() throws Exception {
		byte[] library = ScopeSpans.newBuilder().addSpans(span(3, 0, "old", 5, 10)).build().toByteArray();
		byte[] resource = service("legacy").build().toByteArray();
		java.io.ByteArrayOutputStream rs = new java.io.ByteArrayOutputStream();
		CodedOutputStream out = CodedOutputStream.newInstance(rs);
		out.writeRawBytes(resource);
		out.writeByteArray(1000, library);
		out.flush();
		byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.parseFrom(rs.toByteArray()))
				.build().toByteArray();
		List<Map.Entry<String, SpanInput>> spans = read(body);
		assertEquals(1, spans.size());
		assertEquals("legacy:old", spans.get(0).getValue().tracepoint());
	}

	@Test
	void malformedInputIsRefusedWholeWithTheReason() throws Exception {
		byte[] good = ExportTraceServiceRequest.newBuilder()
				.addResourceSpans(service("front").addScopeSpans(ScopeSpans.newBuilder().addSpans(span(1, 0, "a", 1, 2))))
				.build().toByteArray();
		TraceFormatException cut = assertThrows(TraceFormatException.class, () -> read(Arrays.copyOf(good, good.length - 3)));
		assertTrue(cut.getMessage().startsWith("request: malformed OTLP protobuf: "), cut.getMessage());
		byte[] noIds = ExportTraceServiceRequest.newBuilder()
				.addResourceSpans(service("front").addScopeSpans(ScopeSpans.newBuilder().addSpans(span(1, 0, "a", 1, 2))
						.addSpans(span(2, 1, "b", 1, 2).toBuilder().clearSpanId())))
				.build().toByteArray();
		List<String> handed = new ArrayList<>();
		TraceFormatException missing = assertThrows(TraceFormatException.class,
				() -> OtlpSpans.readProtobuf("request", noIds, new Interner(), (t, s) -> handed.add(s.id())));
		assertTrue(missing.getMessage().contains("span 1 (\"b\") has no trace_id or span_id"), missing.getMessage());
		assertEquals(List.of(), handed, "a refused request hands over none of its spans");
	}
}
