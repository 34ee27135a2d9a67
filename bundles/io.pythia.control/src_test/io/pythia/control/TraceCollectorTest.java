// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;

/** The OTLP/HTTP receiver on loopback: JSON and protobuf bodies, traces split over requests, malformed input. */
class TraceCollectorTest {

	private final HttpClient http = HttpClient.newHttpClient();
	private final List<Trace> traces = Collections.synchronizedList(new ArrayList<>());
	private final List<TraceWarning> warnings = Collections.synchronizedList(new ArrayList<>());

	private HttpResponse<String> post(TraceCollector c, String type, byte[] body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/v1/traces"))
				.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] json(String service, String trace, String span, String parent, String name, long start, long end) {
		return ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\""
				+ service + "\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + trace + "\",\"spanId\":\"" + span + "\""
				+ (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"") + ",\"name\":\"" + name
				+ "\",\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + end + "\"}]}]}]}")
				.getBytes(StandardCharsets.UTF_8);
	}

	private void waitFor(int n) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 5_000;
		while (traces.size() < n && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
	}

	@Test
	void assemblesTracesFromSeveralRequestsAndBothEncodings() throws Exception {
		String t1 = "0af7651916cd43dd8448eb211c80319c";
		try (TraceCollector c = new TraceCollector(0, 300, TraceSink.of(traces::add, warnings::add)).start()) {
			assertEquals(200, post(c, "application/json", json("api", t1, "b7ad6b7169203331", null, "create", 1_000, 9_000)).statusCode());
			assertEquals(200, post(c, "application/json", json("db", t1, "00f067aa0ba902b7", "b7ad6b7169203331", "query", 2_000, 5_000)).statusCode());
			String t2 = "4bf92f3577b34da6a3ce929d0e0e4736";
			assertEquals(200, post(c, "application/x-protobuf", Protobuf.request("front", t2, "00f067aa0ba902b7", null, "get", 10, 90)).statusCode());
			HttpResponse<String> bad = post(c, "application/json", "{\"resourceSpans\": [ {".getBytes(StandardCharsets.UTF_8));
			assertEquals(400, bad.statusCode());
			assertTrue(bad.body().contains("line 1, column"), bad.body());
			assertEquals(400, post(c, "application/x-protobuf", new byte[] { 0x0a, 0x7f, 0x01 }).statusCode());
			assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/other")).GET().build(),
					HttpResponse.BodyHandlers.ofString()).statusCode());
			waitFor(2);
			assertEquals(2, traces.size(), "malformed requests lost nothing else");
			Trace first = traces.stream().filter(t -> t.id().equals(t1)).findFirst().orElseThrow();
			assertEquals(2, first.spans(), "spans of one trace from two requests meet");
			assertEquals("api:create", first.tracepoint(first.rootEvent()));
			Trace second = traces.stream().filter(t -> t.id().equals(t2)).findFirst().orElseThrow();
			assertEquals("front:get", second.tracepoint(second.rootEvent()));
			assertEquals(80, second.duration());
			assertEquals(2, c.counters().rejectedRequests());
			assertEquals(List.of(), warnings);
		}
	}

	/** A minimal protobuf encoder of ExportTraceServiceRequest, enough for one span. */
	static final class Protobuf {
		static byte[] request(String service, String trace, String span, String parent, String name, long start, long end) {
			byte[] kv = message(bytesField(1, "service.name".getBytes(StandardCharsets.UTF_8)),
					bytesField(2, bytesField(1, service.getBytes(StandardCharsets.UTF_8))));
			byte[] resource = bytesField(1, kv);
			ByteArrayOutputStream s = new ByteArrayOutputStream();
			write(s, bytesField(1, HexFormat.of().parseHex(trace)));
			write(s, bytesField(2, HexFormat.of().parseHex(span)));
			if (parent != null) {
				write(s, bytesField(4, HexFormat.of().parseHex(parent)));
			}
			write(s, bytesField(5, name.getBytes(StandardCharsets.UTF_8)));
			write(s, fixed64(7, start));
			write(s, fixed64(8, end));
			byte[] scopeSpans = bytesField(2, s.toByteArray());
			byte[] resourceSpans = message(bytesField(1, resource), bytesField(2, scopeSpans));
			return bytesField(1, resourceSpans);
		}

		private static byte[] message(byte[]... fields) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			for (byte[] f : fields) {
				write(out, f);
			}
			return out.toByteArray();
		}

		private static byte[] bytesField(int field, byte[] value) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			varint(out, field << 3 | 2);
			varint(out, value.length);
			write(out, value);
			return out.toByteArray();
		}

		private static byte[] fixed64(int field, long v) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			varint(out, field << 3 | 1);
			for (int i = 0; i < 8; i++) {
				out.write((int) (v >>> (8 * i)) & 0xff);
			}
			return out.toByteArray();
		}

		private static void varint(ByteArrayOutputStream out, long v) {
			while ((v & ~0x7fL) != 0) {
				out.write((int) (v & 0x7f) | 0x80);
				v >>>= 7;
			}
			out.write((int) v);
		}

		private static void write(ByteArrayOutputStream out, byte[] b) {
			out.write(b, 0, b.length);
		}
	}
}
