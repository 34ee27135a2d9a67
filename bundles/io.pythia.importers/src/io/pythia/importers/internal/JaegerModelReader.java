// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
 * Jaeger's internal domain-model JSON ({"spans":[...], "processMap":[...]}): base64 ids, RFC 3339 start times with
 * nanoseconds, Go duration strings ("5000ns"), the process inline in each span.
 */
final class JaegerModelReader extends FormatReader {

	JaegerModelReader(String source, TraceSink sink, Interner interner) {
		super("jaeger", source, sink, interner);
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		Map<String, List<SpanInput>> traces = new LinkedHashMap<>();
		Map<String, List<String>> foreign = new LinkedHashMap<>();
		try {
			readDocuments(p, first -> readDocument(p, traces, foreign));
		} finally { // what was read before an error is kept
			emit(traces, foreign);
		}
	}

	private void readDocument(JsonParser p, Map<String, List<SpanInput>> traces, Map<String, List<String>> foreign)
			throws IOException, TraceFormatException {
		expect(p, JsonToken.START_OBJECT, "a Jaeger model document");
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			if ("spans".equals(field)) {
				expect(p, JsonToken.START_ARRAY, "\"spans\"");
				while (p.nextToken() == JsonToken.START_OBJECT) {
					readSpan(p, traces, foreign);
				}
			} else {
				skip(p);
			}
		}
	}

	private void emit(Map<String, List<SpanInput>> traces, Map<String, List<String>> foreign) {
		for (var e : traces.entrySet()) {
			List<String> refs = foreign.get(e.getKey());
			if (refs != null) {
				warn(e.getKey(), refs.size() + " reference(s) point into other traces (" + String.join(", ", refs.stream().distinct().limit(3).toList())
						+ "): ignored; each span keeps its parent within this trace");
			}
			emitSpans(e.getKey(), e.getValue());
		}
	}

	private void readSpan(JsonParser p, Map<String, List<SpanInput>> traces, Map<String, List<String>> foreign)
			throws IOException, TraceFormatException {
		String traceId = null;
		String spanId = null;
		String op = "";
		long start = 0;
		long duration = SpanInput.UNKNOWN_DURATION;
		String service = "";
		Map<String, String> tags = Map.of();
		List<String[]> refs = new ArrayList<>();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "traceId" -> traceId = Ids.normalize(text(p));
			case "spanId" -> spanId = Ids.normalize(text(p));
			case "operationName" -> op = text(p);
			case "startTime" -> {
				String s = text(p);
				try {
					start = Times.isoToNanos(s);
				} catch (DateTimeParseException e) {
					throw new TraceFormatException(at(p) + "startTime is no RFC 3339 time: " + s);
				}
			}
			case "duration" -> {
				String s = text(p);
				try {
					duration = Times.goDurationToNanos(s);
				} catch (NumberFormatException e) {
					throw new TraceFormatException(at(p) + "duration: " + e.getMessage());
				}
			}
			case "process" -> service = flatObject(p).getOrDefault("serviceName", "");
			case "tags" -> tags = JaegerReader.readTags(p, this);
			case "references" -> {
				if (p.currentToken() == JsonToken.START_ARRAY) {
					while (p.nextToken() == JsonToken.START_OBJECT) {
						Map<String, String> r = flatObject(p);
						refs.add(new String[] { r.get("refType"), Ids.normalize(r.get("traceId")), Ids.normalize(r.get("spanId")) });
					}
				} else {
					skip(p);
				}
			}
			default -> skip(p);
			}
		}
		if (traceId == null || spanId == null) {
			throw new TraceFormatException(at(p) + "a span without traceId or spanId");
		}
		String parent = null;
		for (String[] r : refs) {
			if (r[1] != null && !r[1].equals(traceId)) {
				foreign.computeIfAbsent(traceId, k -> new ArrayList<>()).add(r[1]);
			} else if (parent == null && !"FOLLOWS_FROM".equals(r[0])) {
				parent = r[2];
			}
		}
		if (parent == null) {
			for (String[] r : refs) {
				if ("FOLLOWS_FROM".equals(r[0]) && (r[1] == null || r[1].equals(traceId))) {
					parent = r[2];
					break;
				}
			}
		}
		traces.computeIfAbsent(traceId, k -> new ArrayList<>())
				.add(new SpanInput(spanId, parent, start, duration, tracepoint(service, op), new Attributes(service, "", op, tags)));
	}
}
