// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
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
 * OTLP/JSON: ExportTraceServiceRequest documents ({"resourceSpans": ...}), one per file or one per line (NDJSON),
 * also wrapped as Jaeger API v3's {"result": ...} or Tempo's {"batches": [...]}; "scopeSpans" or the older
 * "instrumentationLibrarySpans". Ids in hex or base64, times as nanosecond strings. A trace's spans may arrive over
 * several documents: a trace is assembled once it looks complete (one root, every parent present) and no span of
 * it has come for {@value #SETTLE_DOCUMENTS} documents, or once none has come for {@value #IDLE_DOCUMENTS}, or at
 * the end of the file. Memory stays bounded by the traces in flight, and traces are assembled while their spans are
 * still in the processor's caches.
 */
final class OtlpReader extends FormatReader {

	static final int IDLE_DOCUMENTS = 1000;
	static final int SETTLE_DOCUMENTS = 2;
	private static final String SPAN_KIND = "span.kind";

	// access order: the eldest entry is the trace that received a span longest ago
	private final Map<String, Pending> pending = new LinkedHashMap<>(64, 0.75f, true);
	private long document;
	/** Spans of a document mostly share their trace: its id is kept to compare in place. */
	private String lastTraceId;
	private char[] lastTraceIdChars;

	private final List<String> spanAttributes = new ArrayList<>(8);

	/** When set, spans go here as they are read instead of being assembled into traces. */
	private java.util.function.BiConsumer<String, SpanInput> spanListener;

	OtlpReader(String source, TraceSink sink, Interner interner) {
		super("otlp", source, sink, interner);
	}

	/** Reads documents and hands each span with its trace id to {@code listener} (a collector assembles them). */
	void readSpans(JsonParser p, java.util.function.BiConsumer<String, SpanInput> listener)
			throws IOException, TraceFormatException {
		this.spanListener = listener;
		read(p);
	}

	/** When set, told at the end of each document (with a span listener: where the reader's documents end). */
	private Runnable documentListener;

	void onDocumentEnd(Runnable listener) {
		this.documentListener = listener;
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		try {
			readDocuments(p, first -> {
				expect(p, JsonToken.START_OBJECT, "an OTLP document");
				readRequest(p);
				if (documentListener != null) {
					documentListener.run();
				}
				endDocument();
			});
		} finally {
			finish(); // what was complete before an error is kept
		}
	}

	/** A span of a trace, to assemble with the others once the trace looks complete. */
	void acceptSpan(String traceId, SpanInput span) {
		Pending pend = pending.get(traceId);
		if (pend == null) {
			pend = new Pending();
			pending.put(traceId, pend);
		}
		pend.lastDocument = document;
		pend.spans.add(span);
	}

	/** Counts a document and assembles the traces that have settled. */
	void endDocument() {
		document++;
		flushIdle();
	}

	/** Assembles every trace still pending (at the end of the input, or at an error). */
	void finish() {
		for (var e : pending.entrySet()) {
			emitSpans(e.getKey(), e.getValue().spans);
		}
		pending.clear();
	}

	private void flushIdle() {
		for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Pending> e = it.next();
			long idle = document - e.getValue().lastDocument;
			if (idle < SETTLE_DOCUMENTS) {
				break; // every later entry received a span more recently
			}
			if (idle >= IDLE_DOCUMENTS || e.getValue().looksComplete()) {
				it.remove();
				emitSpans(e.getKey(), e.getValue().spans);
			}
		}
	}

	/** An object holding resourceSpans, directly or under "result"; "batches" is an array of resourceSpans. */
	private void readRequest(JsonParser p) throws IOException, TraceFormatException {
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "resourceSpans", "batches" -> {
				expect(p, JsonToken.START_ARRAY, "\"" + field + "\"");
				while (p.nextToken() == JsonToken.START_OBJECT) {
					readResourceSpans(p);
				}
			}
			case "result" -> {
				expect(p, JsonToken.START_OBJECT, "\"result\"");
				readRequest(p);
			}
			default -> skip(p);
			}
		}
	}

	private void readResourceSpans(JsonParser p) throws IOException, TraceFormatException {
		Map<String, String> resource = Map.of();
		List<Raw> spans = new ArrayList<>();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "resource" -> {
				if (p.currentToken() == JsonToken.START_OBJECT) {
					while (p.nextToken() == JsonToken.FIELD_NAME) {
						String f = p.currentName();
						p.nextToken();
						if ("attributes".equals(f)) {
							List<String> kv = new ArrayList<>();
							readAttributes(p, kv);
							resource = smallMap(kv);
						} else {
							skip(p);
						}
					}
				} else {
					skip(p);
				}
			}
			case "scopeSpans", "instrumentationLibrarySpans" -> {
				expect(p, JsonToken.START_ARRAY, "\"" + field + "\"");
				while (p.nextToken() == JsonToken.START_OBJECT) {
					while (p.nextToken() == JsonToken.FIELD_NAME) {
						String f = p.currentName();
						p.nextToken();
						if ("spans".equals(f)) {
							expect(p, JsonToken.START_ARRAY, "\"spans\"");
							while (p.nextToken() == JsonToken.START_OBJECT) {
								spans.add(readSpan(p));
							}
						} else {
							skip(p);
						}
					}
				}
			}
			default -> skip(p);
			}
		}
		String service = interner.intern(resource.getOrDefault("service.name", "unknown"));
		String host = resource.getOrDefault("host.name", "");
		for (Raw r : spans) {
			if (r.skip || rejected(r.traceId)) {
				continue;
			}
			if (r.fault != null) {
				rejectTrace(r.traceId, r.fault);
				continue;
			}
			String op = interner.intern(r.name == null ? "" : r.name);
			long duration = r.end > 0 && r.end >= r.start ? r.end - r.start : SpanInput.UNKNOWN_DURATION;
			SpanInput span = new SpanInput(r.spanId, r.parentId, r.start, duration, tracepoint(service, op),
					attributes(service, host, op, r.attributes));
			if (spanListener != null) {
				spanListener.accept(r.traceId, span);
			} else {
				acceptSpan(r.traceId, span);
			}
		}
	}

	private Raw readSpan(JsonParser p) throws IOException, TraceFormatException {
		Raw r = new Raw();
		List<String> attributes = spanAttributes; // copied into the span's own map below
		attributes.clear();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "traceId" -> {
				// spans of a trace come together: most trace ids repeat the previous one, compared in place
				if (lastTraceId == null || !textIs(p, lastTraceIdChars)) {
					lastTraceId = id(p);
					lastTraceIdChars = lastTraceId == null ? null : lastTraceId.toCharArray();
				}
				r.traceId = lastTraceId;
			}
			case "spanId" -> r.spanId = id(p);
			case "parentSpanId" -> {
				String parent = id(p);
				r.parentId = parent == null || parent.isEmpty() ? null : parent;
			}
			case "name" -> r.name = names.text(p);
			case "startTimeUnixNano" -> r.start = spanNumber(p, "startTimeUnixNano");
			case "endTimeUnixNano" -> r.end = spanNumber(p, "endTimeUnixNano");
			case "attributes" -> readAttributes(p, attributes);
			case "kind" -> r.kind = names.text(p);
			default -> skip(p);
			}
		}
		if (r.traceId == null) { // whose span it is cannot be told: it alone is skipped
			takeFault();
			warn(source, at(p) + "an OTLP span without traceId: skipped");
			r.skip = true;
			return r;
		}
		if (r.spanId == null) {
			noteFault(at(p) + "a span without spanId");
		}
		if (r.end > 0 && r.end < r.start) {
			noteFault(at(p) + "the span ends before it starts");
		}
		r.fault = takeFault();
		if (r.kind != null) {
			attributes.add(SPAN_KIND);
			attributes.add(r.kind);
		}
		r.attributes = tags(attributes);
		return r;
	}

	/** [{"key": k, "value": {"stringValue"|"intValue"|...: v}}] to key, value strings; arrays and maps summarized. */
	private void readAttributes(JsonParser p, List<String> out) throws IOException {
		if (p.currentToken() != JsonToken.START_ARRAY) {
			skip(p);
			return;
		}
		while (p.nextToken() == JsonToken.START_OBJECT) {
			String key = null;
			String value = "";
			while (p.nextToken() == JsonToken.FIELD_NAME) {
				String f = p.currentName();
				p.nextToken();
				if ("key".equals(f)) {
					key = names.text(p);
				} else if ("value".equals(f) && p.currentToken() == JsonToken.START_OBJECT) {
					while (p.nextToken() == JsonToken.FIELD_NAME) {
						String kind = p.currentName();
						p.nextToken();
						String v = names.text(p);
						value = v != null ? v : "arrayValue".equals(kind) ? "[...]" : "kvlistValue".equals(kind) ? "{...}" : "";
					}
				} else {
					skip(p);
				}
			}
			if (key != null) {
				out.add(key);
				out.add(value);
			}
		}
	}

	private static final class Raw {
		/** Why the span's trace is rejected, or null. */
		String fault;
		/** A span without trace id: skipped alone. */
		boolean skip;
		String traceId;
		String spanId;
		String parentId;
		String name;
		String kind;
		long start;
		long end;
		Map<String, String> attributes = Map.of();
	}

	private static final class Pending {
		final List<SpanInput> spans = new ArrayList<>();
		long lastDocument;
		/** Whether the spans, as many as {@link #checked}, looked complete: checked again only when more came. */
		private boolean complete;
		private int checked = -1;

		/** One root, and every parent present. Asked only once the trace has been idle for a while. */
		boolean looksComplete() {
			if (checked == spans.size()) {
				return complete;
			}
			java.util.Set<String> ids = new java.util.HashSet<>(2 * spans.size());
			for (SpanInput s : spans) {
				ids.add(s.id());
			}
			int roots = 0;
			boolean parents = true;
			for (SpanInput s : spans) {
				if (s.parentId() == null) {
					roots++;
				} else if (parents && !ids.contains(s.parentId())) {
					parents = false;
				}
			}
			checked = spans.size();
			complete = roots == 1 && parents;
			return complete;
		}
	}
}
