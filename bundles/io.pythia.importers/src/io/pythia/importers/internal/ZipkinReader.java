// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;

/**
 * Zipkin v2 JSON: a flat, unordered list of spans (several traces may be mixed), or the query API's list of traces,
 * each a list of spans (a single trace, /api/v2/trace/{id}, is a flat list). Client and server halves of an RPC
 * share one id: the server half becomes a child of the client half, and children running in the server's service
 * hang under it. Missing durations and services are kept as unknown.
 */
final class ZipkinReader extends FormatReader {

	ZipkinReader(String source, TraceSink sink, Interner interner) {
		super("zipkin", source, sink, interner);
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		Map<String, List<Raw>> traces = new LinkedHashMap<>();
		try {
			readDocuments(p, first -> readDocument(p, traces));
		} finally { // what was read before an error is kept
			traces.forEach(this::emit);
		}
	}

	private void readDocument(JsonParser p, Map<String, List<Raw>> traces) throws IOException, TraceFormatException {
		expect(p, JsonToken.START_ARRAY, "a Zipkin v2 document");
		for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
			if (t == JsonToken.START_ARRAY) { // the query API's list of traces (/api/v2/traces): each a list of spans
				while (p.nextToken() == JsonToken.START_OBJECT) {
					add(traces, readSpan(p));
				}
				if (p.currentToken() != JsonToken.END_ARRAY) {
					throw new TraceFormatException(at(p) + "a span of a Zipkin trace should be an object but is " + p.currentToken());
				}
			} else {
				expect(p, JsonToken.START_OBJECT, "a Zipkin span");
				add(traces, readSpan(p));
			}
		}
	}

	private static void add(Map<String, List<Raw>> traces, Raw r) {
		if (r != null) { // null: skipped or its trace rejected
			traces.computeIfAbsent(r.traceId, k -> new ArrayList<>()).add(r);
		}
	}

	private Raw readSpan(JsonParser p) throws IOException, TraceFormatException {
		Raw r = new Raw();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "traceId" -> r.traceId = id(p);
			case "id" -> r.id = id(p);
			case "parentId" -> r.parentId = id(p);
			case "name" -> r.name = text(p);
			case "kind" -> r.kind = text(p);
			case "timestamp" -> r.timestamp = spanNumber(p, "timestamp");
			case "duration" -> r.duration = spanNumber(p, "duration");
			case "shared" -> r.shared = "true".equals(text(p));
			case "localEndpoint" -> {
				Map<String, String> ep = flatObject(p);
				r.service = ep.get("serviceName");
				r.host = ep.getOrDefault("ipv4", ep.getOrDefault("ipv6", ""));
			}
			case "tags" -> r.tags = flatObject(p);
			default -> skip(p);
			}
		}
		if (r.traceId == null) { // whose span it is cannot be told: it alone is skipped
			takeFault();
			warn(source, at(p) + "a Zipkin span without traceId: skipped");
			return null;
		}
		if (r.id == null) {
			noteFault(at(p) + "a span without id");
		}
		if (r.duration != null && r.duration < 0) {
			noteFault(at(p) + "a negative duration");
		}
		String fault = takeFault();
		if (fault != null) {
			rejectTrace(r.traceId, fault);
			return null;
		}
		return r;
	}

	private void emit(String traceId, List<Raw> raws) {
		if (rejected(traceId)) {
			return;
		}
		// the client half of a shared id keeps the id; the server half becomes its child
		Map<String, Raw> client = new HashMap<>();
		for (Raw r : raws) {
			if (!isServerHalf(r)) {
				client.putIfAbsent(r.id, r);
			}
		}
		// a message consumed by several servers has several server halves: each gets an id of its own
		Map<String, List<Raw>> server = new HashMap<>();
		for (Raw r : raws) {
			if (isServerHalf(r) && client.containsKey(r.id)) {
				List<Raw> halves = server.computeIfAbsent(r.id, k -> new ArrayList<>());
				r.parentId = r.id;
				r.id = r.id + "~server" + (halves.isEmpty() ? "" : Integer.toString(halves.size() + 1));
				r.serverHalf = true;
				halves.add(r);
			}
		}
		int noService = 0;
		int noTimestamp = 0;
		List<SpanInput> spans = new ArrayList<>(raws.size());
		for (Raw r : raws) {
			String parent = r.parentId;
			if (!r.serverHalf && parent != null && server.containsKey(parent)) {
				Raw half = serverHalfFor(r, server.get(parent));
				if (half != null) {
					parent = half.id;
				}
			}
			if (r.service == null || r.service.isEmpty()) {
				noService++;
			}
			if (r.timestamp == null) {
				noTimestamp++;
			}
			String service = r.service == null || r.service.isEmpty() ? "unknown" : r.service.toLowerCase();
			String op = r.name == null ? "" : r.name;
			Map<String, String> tags = r.tags;
			if (r.kind != null) {
				tags = new HashMap<>(tags);
				tags.put("span.kind", r.kind);
			}
			spans.add(new SpanInput(r.id, parent, r.timestamp == null ? 0 : r.timestamp * 1000,
					r.duration == null ? SpanInput.UNKNOWN_DURATION : r.duration * 1000, tracepoint(service, op),
					attributes(service, r.host, op, tags)));
		}
		if (noService > 0) {
			warn(traceId, noService + " span(s) name no service: their tracepoints read unknown:operation");
		}
		if (noTimestamp > 0) {
			warn(traceId, noTimestamp + " span(s) have no timestamp: taken as time 0");
		}
		emitSpans(traceId, spans);
	}

	/** The server half a child ran under: same service and host, else same service; null for the client's. */
	private static Raw serverHalfFor(Raw child, List<Raw> halves) {
		Raw sameService = null;
		for (Raw h : halves) {
			if (java.util.Objects.equals(h.service, child.service)) {
				if (h.host.equals(child.host)) {
					return h;
				}
				sameService = sameService == null ? h : sameService;
			}
		}
		return sameService;
	}

	private static boolean isServerHalf(Raw r) {
		return r.shared || "SERVER".equals(r.kind) && r.parentId != null && r.parentId.equals(r.id);
	}

	private static final class Raw {
		String traceId;
		String id;
		String parentId;
		String name;
		String kind;
		Long timestamp;
		Long duration;
		boolean shared;
		boolean serverHalf;
		String service;
		String host = "";
		Map<String, String> tags = Map.of();
	}
}
