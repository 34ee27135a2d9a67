// SPDX-License-Identifier: EPL-2.0
package io.pythia.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP receiver that writes every export request to a Kafka topic as OTLP protobuf, as the OpenTelemetry
 * Collector's Kafka exporter does with the {@code otlp_proto} encoding: services export to it as they would to a
 * Collector. JSON requests are converted (OTLP JSON writes ids in hex where protobuf's JSON mapping has base64); a
 * request that is neither gets 400 with the reason and is not forwarded. Requests are split by trace id and keyed by
 * it ({@link #byTrace}).
 */
public final class OtlpForwarder implements AutoCloseable {

	/** The topic the Collector's Kafka exporter writes spans to by default. */
	public static final String TOPIC = "otlp_spans";

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Set<String> IDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
			"parent_span_id");

	private final HttpServer server;
	private final ExecutorService executor = Executors.newFixedThreadPool(2);
	private final Producer<byte[], byte[]> producer;
	private final String topic;
	private final AtomicLong forwarded = new AtomicLong();
	private final AtomicLong refused = new AtomicLong();

	/**
	 * @param port      loopback port of the OTLP/HTTP receiver (0: any)
	 * @param bootstrap the broker, HOST:PORT
	 */
	public OtlpForwarder(int port, String bootstrap, String topic) throws IOException {
		Properties p = new Properties();
		p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		p.put(ProducerConfig.ACKS_CONFIG, "1");
		this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
		this.topic = topic;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
		server.setExecutor(executor);
		server.createContext("/", this::handle);
		server.start();
	}

	public int port() {
		return server.getAddress().getPort();
	}

	/** Requests written to the topic, and requests refused. */
	public long[] counts() {
		return new long[] { forwarded.get(), refused.get() };
	}

	private void handle(HttpExchange x) throws IOException {
		try (x) {
			if (!"POST".equals(x.getRequestMethod()) || !"/v1/traces".equals(x.getRequestURI().getPath())) {
				reply(x, 404, "POST OTLP export requests to /v1/traces");
				return;
			}
			byte[] body = x.getRequestBody().readAllBytes();
			String type = String.valueOf(x.getRequestHeaders().getFirst("Content-Type"));
			ExportTraceServiceRequest request;
			try {
				request = ExportTraceServiceRequest.parseFrom(type.startsWith("application/json") ? fromJson(body) : body);
			} catch (IOException | IllegalArgumentException e) {
				refused.incrementAndGet();
				reply(x, 400, "not an OTLP export request: " + e.getMessage());
				return;
			}
			if (request.getResourceSpansList().stream().anyMatch(rs -> !rs.getUnknownFields().asMap().isEmpty())) {
				// spans in fields this protobuf does not know (OTLP before 1.0's instrumentation_library_spans):
				// passed on whole, as they came, for the job's decoder to read
				producer.send(new ProducerRecord<>(topic, request.toByteArray()));
			} else {
				byTrace(request).forEach((traceId, part) -> producer.send(new ProducerRecord<>(topic, traceId.toByteArray(), part.toByteArray())));
			}
			forwarded.incrementAndGet();
			reply(x, 200, "");
		}
	}

	/**
	 * A request split by trace id, each part with its spans' resource and scope, as the Collector's Kafka exporter
	 * writes with {@code partition_traces_by_id}: keyed by trace id, all spans of a trace go to one partition, in the
	 * order they were sent. Spread over partitions, a trace's spans would reach the job's readers with their lags
	 * apart, and a session window could cut the trace in two.
	 */
	static Map<ByteString, ExportTraceServiceRequest> byTrace(ExportTraceServiceRequest request) {
		Map<ByteString, ExportTraceServiceRequest.Builder> parts = new LinkedHashMap<>();
		for (ResourceSpans rs : request.getResourceSpansList()) {
			for (ScopeSpans ss : rs.getScopeSpansList()) {
				Map<ByteString, ScopeSpans.Builder> scopes = new LinkedHashMap<>();
				for (Span span : ss.getSpansList()) {
					scopes.computeIfAbsent(span.getTraceId(), k -> ss.toBuilder().clearSpans()).addSpans(span);
				}
				scopes.forEach((traceId, scope) -> parts.computeIfAbsent(traceId, k -> ExportTraceServiceRequest.newBuilder())
						.addResourceSpans(rs.toBuilder().clearScopeSpans().addScopeSpans(scope)));
			}
		}
		Map<ByteString, ExportTraceServiceRequest> out = new LinkedHashMap<>();
		parts.forEach((k, v) -> out.put(k, v.build()));
		return out;
	}

	/**
	 * An OTLP/JSON export request as protobuf bytes.
	 *
	 * @throws IllegalArgumentException when it is not OTLP/JSON (the message says where)
	 */
	public static byte[] fromJson(byte[] json) throws IOException {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		} catch (IOException e) {
			throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("not a JSON object");
		}
		hexIdsToBase64(root);
		ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
		try {
			JsonFormat.parser().ignoringUnknownFields().merge(JSON.writeValueAsString(root), b);
		} catch (InvalidProtocolBufferException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		return b.build().toByteArray();
	}

	private static void hexIdsToBase64(JsonNode node) {
		if (node.isArray()) {
			node.forEach(OtlpForwarder::hexIdsToBase64);
		} else if (node instanceof ObjectNode o) {
			for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> e = it.next();
				if (IDS.contains(e.getKey()) && e.getValue().isTextual()) {
					String hex = e.getValue().asText();
					try {
						e.setValue(JSON.getNodeFactory().textNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex))));
					} catch (IllegalArgumentException bad) {
						throw new IllegalArgumentException(e.getKey() + " \"" + hex + "\" is not hex", bad);
					}
				} else {
					hexIdsToBase64(e.getValue());
				}
			}
		}
	}

	private static void reply(HttpExchange x, int status, String error) throws IOException {
		byte[] bytes = (error.isEmpty() ? "{}" : "{\"error\":" + JSON.writeValueAsString(error) + "}")
				.getBytes(StandardCharsets.UTF_8);
		x.getResponseHeaders().set("Content-Type", "application/json");
		x.sendResponseHeaders(status, bytes.length);
		try (OutputStream os = x.getResponseBody()) {
			os.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
		producer.close();
	}
}
