// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Jaeger JSON: the query API's {"data":[trace,...]}, a bare trace object, an array of traces, and the UI's
 * "download" files (which embed each parent span under references[].span: skipped, never recursed into). Times are
 * microseconds. Each trace is assembled and handed over as soon as its object ends.
 */
final class JaegerReader extends FormatReader {

	private static final String CHILD_OF = "CHILD_OF";
	private static final String FOLLOWS_FROM = "FOLLOWS_FROM";

	JaegerReader(String source, TraceSink sink, Interner interner) {
		super("jaeger", source, sink, interner);
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		try {
			readAll(p);
		} finally {
			emitSpanDocuments(); // also after an error: the span documents read before it are traces too
		}
	}

	private void readAll(JsonParser p) throws IOException, TraceFormatException {
		readDocuments(p, t -> {
			if (t == JsonToken.START_ARRAY) {
				while (p.nextToken() == JsonToken.START_OBJECT) {
					readTraceObject(p, new TraceParts());
				}
			} else if (t == JsonToken.START_OBJECT) {
				TraceParts bare = new TraceParts();
				while (p.nextToken() == JsonToken.FIELD_NAME) {
					String field = p.currentName();
					p.nextToken();
					if ("data".equals(field)) {
						if (p.currentToken() == JsonToken.START_ARRAY) {
							while (p.nextToken() == JsonToken.START_OBJECT) {
								readTraceObject(p, new TraceParts());
							}
						} else {
							skip(p); // "data": null when the query found nothing
						}
					} else {
						readTraceField(p, field, bare);
					}
				}
				if (!bare.spans.isEmpty()) {
					bare.emit();
				}
			} else {
				throw new TraceFormatException(at(p) + "expected a Jaeger trace object or {\"data\": [...]}, found " + t);
			}
		});
	}

	/** Reads one element of the query API's "data" array, as {@link #read} does inside that array. */
	void readElement(JsonParser p) throws IOException, TraceFormatException {
		p.nextToken();
		expect(p, JsonToken.START_OBJECT, "a trace in \"data\"");
		readTraceObject(p, new TraceParts());
	}

	/**
	 * A trace object, or a span document of Jaeger's Elasticsearch/OpenSearch storage: one span with its own
	 * process (and its tags also as a "tag" map whose keys write dots as '@'). A file of those is a bare array of
	 * spans of many traces in any order: they are gathered by trace id and assembled at the end of the input.
	 */
	private void readTraceObject(JsonParser p, TraceParts parts) throws IOException, TraceFormatException {
		RawSpan self = null;
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "traceID", "spans", "processes" -> readTraceField(p, field, parts);
			default -> {
				if (self == null) {
					self = new RawSpan();
				}
				if (!spanField(p, field, self, parts)) {
					skip(p);
				}
			}
			}
		}
		if (self == null || self.id == null && self.operation.isEmpty() && self.startMicros == 0) {
			takeFault();
			parts.emit();
			return;
		}
		if (self.id == null) {
			noteFault(at(p) + "a span without spanID");
		}
		self.fault = takeFault();
		String traceId = parts.traceId != null ? parts.traceId : self.traceId;
		if (traceId == null) {
			warn(source, at(p) + "a Jaeger span document without traceID: skipped");
			return;
		}
		if (spanDocuments == null) {
			spanDocuments = new java.util.LinkedHashMap<>();
		}
		spanDocumentCount++;
		TraceParts trace = spanDocuments.computeIfAbsent(traceId, k -> new TraceParts());
		trace.traceId = traceId;
		trace.spans.add(self);
		trace.producerWarnings += parts.producerWarnings;
	}

	/** Span documents read so far, by trace id (null until the first). */
	private Map<String, TraceParts> spanDocuments;

	private int spanDocumentCount;

	/**
	 * Span documents read so far. (A parallel read hands a block that has any to the sequential reader: their
	 * traces are assembled from the whole input.)
	 */
	int spanDocuments() {
		return spanDocumentCount;
	}

	private void emitSpanDocuments() {
		if (spanDocuments != null) {
			spanDocuments.values().forEach(TraceParts::emit);
			spanDocuments = null;
		}
	}

	private void readTraceField(JsonParser p, String field, TraceParts parts) throws IOException, TraceFormatException {
		switch (field) {
		case "traceID" -> parts.traceId = id(p);
		case "spans" -> {
			expect(p, JsonToken.START_ARRAY, "\"spans\"");
			while (p.nextToken() == JsonToken.START_OBJECT) {
				parts.spans.add(readSpan(p, parts));
			}
		}
		case "processes" -> {
			expect(p, JsonToken.START_OBJECT, "\"processes\"");
			while (p.nextToken() == JsonToken.FIELD_NAME) {
				String id = p.currentName();
				p.nextToken();
				parts.processes.put(id, readProcess(p));
			}
		}
		default -> skip(p);
		}
	}

	private Process readProcess(JsonParser p) throws IOException, TraceFormatException {
		String service = "";
		String host = "";
		if (p.currentToken() != JsonToken.START_OBJECT) {
			skip(p);
			return new Process(service, host);
		}
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			if ("serviceName".equals(field)) {
				service = names.text(p);
			} else if ("tags".equals(field) || "tag".equals(field)) { // "tag": a span document's map, dots as '@'
				Map<String, String> tags = "tags".equals(field) ? readTags(p, this) : withTagMap(Map.of(), flatObject(p));
				if (host.isEmpty()) {
					host = tags.getOrDefault("hostname", tags.getOrDefault("host.name", tags.getOrDefault("ip", "")));
				}
			} else {
				skip(p);
			}
		}
		return new Process(service == null ? "" : service, host);
	}

	private RawSpan readSpan(JsonParser p, TraceParts parts) throws IOException, TraceFormatException {
		RawSpan s = new RawSpan();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			if (!spanField(p, field, s, parts)) {
				skip(p); // logs, flags, and the UI download's extras
			}
		}
		if (s.id == null) {
			noteFault(at(p) + "a span without spanID");
		}
		s.fault = takeFault();
		return s;
	}

	/** Reads a field of a span into {@code s}; false if it is none of the fields a span is read for. */
	private boolean spanField(JsonParser p, String field, RawSpan s, TraceParts parts) throws IOException, TraceFormatException {
		switch (field) {
		case "spanID" -> s.id = id(p);
		case "traceID" -> s.traceId = parts.traceId != null && textIs(p, parts.traceId) ? parts.traceId : id(p);
		case "operationName" -> s.operation = names.text(p);
		case "startTime" -> s.startMicros = spanNumber(p, "startTime");
		case "duration" -> {
			s.durationMicros = spanNumber(p, "duration");
			if (s.durationMicros < 0) {
				noteFault(at(p) + "a negative duration");
			}
		}
		case "processID" -> s.processId = names.text(p);
		case "process" -> s.process = readProcess(p);
		case "tags" -> s.tags = s.tags.isEmpty() ? readTags(p, this) : withTagMap(readTags(p, this), s.tags);
		case "references" -> readReferences(p, s);
		case "tag" -> s.tags = withTagMap(s.tags, flatObject(p)); // span documents: dots written as '@'
		case "warnings" -> {
			if (p.currentToken() == JsonToken.START_ARRAY) {
				while (p.nextToken() != JsonToken.END_ARRAY) {
					String w = text(p);
					if (w != null) {
						parts.producerWarnings++;
					}
				}
			} else {
				skip(p);
			}
		}
		default -> {
			return false;
		}
		}
		return true;
	}

	/** Tags plus a span document's "tag" map, whose keys write dots as '@' (a list entry wins over the map). */
	private Map<String, String> withTagMap(Map<String, String> tags, Map<String, String> map) {
		if (map.isEmpty()) {
			return tags;
		}
		List<String> kv = new ArrayList<>();
		map.forEach((k, v) -> {
			String key = k.replace('@', '.');
			if (!tags.containsKey(key)) {
				kv.add(key);
				kv.add(v == null ? "" : v);
			}
		});
		tags.forEach((k, v) -> {
			kv.add(k);
			kv.add(v);
		});
		return tags(kv);
	}

	private void readReferences(JsonParser p, RawSpan s) throws IOException, TraceFormatException {
		if (p.currentToken() != JsonToken.START_ARRAY) {
			skip(p);
			return;
		}
		while (p.nextToken() == JsonToken.START_OBJECT) {
			String refType = CHILD_OF;
			String traceId = null; // null: the span's own trace
			String spanId = null;
			while (p.nextToken() == JsonToken.FIELD_NAME) {
				String field = p.currentName();
				p.nextToken();
				switch (field) {
				case "refType" -> refType = textIs(p, FOLLOWS_FROM) ? FOLLOWS_FROM : CHILD_OF;
				case "traceID" -> traceId = s.traceId != null && textIs(p, s.traceId) ? null : id(p);
				case "spanID" -> spanId = id(p);
				default -> skip(p); // "span": the embedded parent of UI downloads
				}
			}
			s.references.add(new String[] { refType, traceId, spanId });
		}
	}

	/** Jaeger tags: [{"key", "type", "value"}] with typed values; all become strings. */
	static Map<String, String> readTags(JsonParser p, FormatReader reader) throws IOException {
		if (p.currentToken() != JsonToken.START_ARRAY) {
			skip(p);
			return Map.of();
		}
		List<String> tags = new ArrayList<>(4);
		while (p.nextToken() == JsonToken.START_OBJECT) {
			String key = null;
			String value = null;
			while (p.nextToken() == JsonToken.FIELD_NAME) {
				String field = p.currentName();
				p.nextToken();
				if ("key".equals(field)) {
					key = reader.names.text(p);
				} else if ("value".equals(field) || field.startsWith("v") && field.length() > 1
						&& Character.isUpperCase(field.charAt(1)) && !"vType".equals(field)) {
					value = reader.names.text(p); // "value" (UI JSON) or vStr/vInt64/... (domain model)
				} else {
					skip(p);
				}
			}
			if (key != null) {
				tags.add(key);
				tags.add(value == null ? "" : value);
			}
		}
		return reader.tags(tags);
	}

	private static final class RawSpan {
		/** Why the span's trace is rejected, or null. */
		String fault;
		String id;
		String traceId;
		String operation = "";
		long startMicros;
		long durationMicros = -1;
		String processId;
		Process process;
		Map<String, String> tags = Map.of();
		final List<String[]> references = new ArrayList<>(1);
	}

	private record Process(String service, String host) {
	}

	private final class TraceParts {
		String traceId;
		final List<RawSpan> spans = new ArrayList<>();
		final Map<String, Process> processes = new HashMap<>();
		int producerWarnings;

		void emit() {
			if (spans.isEmpty()) {
				return;
			}
			String id = traceId != null ? traceId : spans.get(0).traceId;
			if (id == null) {
				id = source + "#" + spans.get(0).id;
			}
			for (RawSpan s : spans) {
				if (s.fault != null) {
					rejectTrace(id, s.fault);
					return;
				}
			}
			List<SpanInput> inputs = new ArrayList<>(spans.size());
			List<String> foreign = new ArrayList<>();
			for (RawSpan s : spans) {
				Process proc = s.process != null ? s.process : processes.get(s.processId);
				if (proc == null) {
					proc = new Process(s.processId == null ? "" : s.processId, "");
				}
				String parent = null;
				String followsFrom = null;
				for (String[] ref : s.references) {
					if (ref[1] != null && !ref[1].equals(id)) {
						foreign.add(ref[1]);
					} else if (ref[0] == FOLLOWS_FROM) {
						followsFrom = followsFrom == null ? ref[2] : followsFrom;
					} else if (parent == null) {
						parent = ref[2];
					}
				}
				if (parent == null) {
					parent = followsFrom;
				}
				String service = interner.intern(proc.service());
				String op = interner.intern(s.operation == null ? "" : s.operation);
				inputs.add(new SpanInput(s.id, parent, s.startMicros * 1000,
						s.durationMicros < 0 ? SpanInput.UNKNOWN_DURATION : s.durationMicros * 1000,
						tracepoint(service, op), attributes(service, proc.host(), op, s.tags)));
			}
			if (!foreign.isEmpty()) {
				warn(id, foreign.size() + " reference(s) point into other traces (" + String.join(", ", foreign.stream().distinct().limit(3).toList())
						+ "): ignored; each span keeps its parent within this trace");
			}
			if (producerWarnings > 0) {
				warn(id, producerWarnings + " span(s) carry warnings from the producer (e.g. Jaeger's clock-skew notes)");
			}
			emitSpans(id, inputs);
		}
	}
}
