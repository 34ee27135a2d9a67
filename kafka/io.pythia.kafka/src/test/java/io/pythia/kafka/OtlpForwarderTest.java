// SPDX-License-Identifier: EPL-2.0
package io.pythia.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** A request is split by trace id, each part keeping its spans' resource and scope. */
class OtlpForwarderTest {

	@Test
	void aRequestOfSeveralTracesIsSplitByTraceIdWithItsResourcesAndScopes() {
		ByteString a = ByteString.copyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });
		ByteString b = ByteString.copyFrom(new byte[] { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 });
		ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
				.addResourceSpans(resource("front", span(a, 1, "GET /"), span(b, 1, "GET /x"), span(a, 2, "call")))
				.addResourceSpans(resource("db", span(b, 2, "SELECT"))).build();
		Map<ByteString, ExportTraceServiceRequest> parts = OtlpForwarder.byTrace(request);
		assertEquals(List.of(a, b), List.copyOf(parts.keySet()), "in the order the traces first came");
		assertEquals(List.of("front:GET /", "front:call"), names(parts.get(a)));
		assertEquals(List.of("front:GET /x", "db:SELECT"), names(parts.get(b)));
		assertEquals("scope", parts.get(b).getResourceSpans(1).getScopeSpans(0).getScope().getName());
		assertEquals(request.getResourceSpansList().stream().mapToInt(rs -> rs.getScopeSpans(0).getSpansCount()).sum(),
				parts.values().stream().mapToInt(r -> names(r).size()).sum(), "no span lost or doubled");
	}

	private static List<String> names(ExportTraceServiceRequest r) {
		return r.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream()
				.flatMap(ss -> ss.getSpansList().stream().map(s -> rs.getResource().getAttributes(0).getValue().getStringValue() + ":" + s.getName())))
				.toList();
	}

	private static ResourceSpans resource(String service, Span... spans) {
		return ResourceSpans.newBuilder()
				.setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
						.setValue(AnyValue.newBuilder().setStringValue(service))))
				.addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("scope"))
						.addAllSpans(List.of(spans)))
				.build();
	}

	private static Span span(ByteString trace, int id, String name) {
		return Span.newBuilder().setTraceId(trace).setSpanId(ByteString.copyFrom(new byte[] { 0, 0, 0, 0, 0, 0, 0, (byte) id }))
				.setName(name).setStartTimeUnixNano(1).setEndTimeUnixNano(2).build();
	}
}
