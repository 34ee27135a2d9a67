// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.EventInput;
import io.pythia.core.trace.EventTraceAssembler;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;

/** Common ground of the JSON readers: assembling and handing over traces, and lenient value access. */
abstract class FormatReader {

	protected final String source;
	private final TraceSink sink;
	protected final Interner interner;
	/** Repeated values (names, keys) without a new String each time. */
	protected final TextCache names = new TextCache();
	private final SpanTraceAssembler spanAssembler;
	private final EventTraceAssembler eventAssembler;

	FormatReader(String format, String source, TraceSink sink, Interner interner) {
		this.source = source;
		this.sink = sink;
		this.interner = interner;
		this.spanAssembler = new SpanTraceAssembler(format, interner, sink::warning);
		this.eventAssembler = new EventTraceAssembler(format, interner, sink::warning);
	}

	/** Reads every trace of the input; the parser is positioned before the first token. */
	abstract void read(JsonParser p) throws IOException, TraceFormatException;

	private final Map<String, Map<String, String>> tracepoints = new HashMap<>();

	/**
	 * The tracepoint id "service:operation", shared across spans: the same pair gives the same string instance, so
	 * a corpus of millions of spans builds each id once.
	 */
	protected String tracepoint(String service, String operation) {
		int slot = slot(service, operation, null, null);
		if (recentService[slot] == service && recentOperation[slot] == operation && recentTracepoint[slot] != null) {
			return recentTracepoint[slot];
		}
		String s = interner.intern(service);
		String o = interner.intern(operation);
		String tp = tracepoints.computeIfAbsent(s, k -> new HashMap<>()).computeIfAbsent(o,
				k -> interner.intern(s + ":" + o));
		recentService[slot] = service;
		recentOperation[slot] = operation;
		recentTracepoint[slot] = tp;
		return tp;
	}

	/*
	 * Spans repeat the same few values, and the text cache and the interner hand them out as the same instances: the
	 * tracepoint id, tag map and attributes made from a combination of instances are kept in direct-mapped slots
	 * found by the parts' identity, so the next span with those parts shares them instead of building and hashing
	 * them again. A collision only replaces a slot; immutable values only are shared.
	 */
	private static final int RECENT = 1 << 10;
	private final String[] recentService = new String[RECENT];
	private final String[] recentOperation = new String[RECENT];
	private final String[] recentTracepoint = new String[RECENT];
	private final String[][] recentTagParts = new String[RECENT][];
	@SuppressWarnings("unchecked")
	private final Map<String, String>[] recentTags = new Map[RECENT];
	private final Attributes[] recentAttributes = new Attributes[RECENT];

	private static int slot(Object a, Object b, Object c, Object d) {
		int h = ((Objects.hashCode(a) * 31 + Objects.hashCode(b)) * 31 + Objects.hashCode(c)) * 31 + Objects.hashCode(d);
		return (h ^ (h >>> 16) ^ (h >>> 8)) & (RECENT - 1);
	}

	/** Service, host, operation and tags of a span, shared with earlier spans that had the same instances. */
	protected Attributes attributes(String service, String host, String operation, Map<String, String> tags) {
		int slot = slot(service, host, operation, tags);
		Attributes a = recentAttributes[slot];
		if (a != null && a.service() == service && a.host() == host && a.operation() == operation && a.tags() == tags) {
			return a;
		}
		a = new Attributes(service, host, operation, tags);
		if (a.service() == service && a.host() == host && a.operation() == operation && a.tags() == tags) {
			recentAttributes[slot] = a; // (the record replaces nulls: such attributes are not shared)
		}
		return a;
	}

	/** {@link #smallMap(List)}, shared with earlier spans whose keys and values were the same instances. */
	protected Map<String, String> tags(List<String> keysAndValues) {
		int n = keysAndValues.size();
		if (n != 2 && n != 4) {
			return smallMap(keysAndValues);
		}
		String k1 = keysAndValues.get(0);
		String v1 = keysAndValues.get(1);
		String k2 = n == 4 ? keysAndValues.get(2) : null;
		String v2 = n == 4 ? keysAndValues.get(3) : null;
		int slot = slot(k1, v1, k2, v2);
		String[] parts = recentTagParts[slot];
		if (parts != null && parts.length == n && parts[0] == k1 && parts[1] == v1
				&& (n == 2 || parts[2] == k2 && parts[3] == v2)) {
			return recentTags[slot];
		}
		Map<String, String> m = smallMap(keysAndValues);
		if (!(m instanceof HashMap)) { // a HashMap (repeated keys, nulls) is mutable: not shared
			recentTagParts[slot] = n == 2 ? new String[] { k1, v1 } : new String[] { k1, v1, k2, v2 };
			recentTags[slot] = m;
		}
		return m;
	}

	/**
	 * The current value as a trace or span id, normalized as {@link Ids#normalize(String)} does; the common case,
	 * 16 or 32 lowercase hex digits, is checked in place before its String is made.
	 */
	static String id(JsonParser p) throws IOException {
		if (p.currentToken() == JsonToken.VALUE_STRING) {
			int len = p.getTextLength();
			if (len == 16 || len == 32) {
				char[] buf = p.getTextCharacters();
				int off = p.getTextOffset();
				if (Ids.isLowerHex(buf, off, len)) {
					return new String(buf, off, len);
				}
			}
		}
		return Ids.normalize(text(p));
	}

	/** The first impossible value of the span being read, or null: its trace is rejected, and the file reads on. */
	private String spanFault;
	/** Traces rejected for an impossible value (reported once, when found): their other spans are dropped. */
	private final java.util.Set<String> rejectedTraces = new java.util.HashSet<>();

	/**
	 * A span's number. An impossible one (not a number, null, an object) is noted as the span's fault and reads as
	 * 0, so that the rest of the file is read; the reader then rejects the span's trace.
	 */
	protected long spanNumber(JsonParser p, String what) throws IOException {
		try {
			return longValue(p, what);
		} catch (TraceFormatException e) {
			noteFault(e.getMessage());
			return 0;
		}
	}

	/** Notes a fault of the span being read (the first counts). */
	protected void noteFault(String message) {
		if (spanFault == null) {
			spanFault = message;
		}
	}

	/** The fault noted since the last call, or null. */
	protected String takeFault() {
		String f = spanFault;
		spanFault = null;
		return f;
	}

	/** Rejects a trace for a span's impossible value: said now, once; what else comes of it is dropped. */
	protected void rejectTrace(String traceId, String fault) {
		faults++;
		if (rejectedTraces.add(traceId)) {
			sink.rejected(traceId, "trace " + traceId + ": a span has an impossible value (" + fault + "); trace rejected");
		}
	}

	private int faults;

	/**
	 * Spans found with an impossible value so far. (A parallel read hands a block that has any to the sequential
	 * reader, whose messages name the file's own lines and columns.)
	 */
	int faults() {
		return faults;
	}

	protected boolean rejected(String traceId) {
		return rejectedTraces.contains(traceId);
	}

	protected void emitSpans(String traceId, List<SpanInput> spans) {
		if (spans.isEmpty() || rejectedTraces.contains(traceId)) {
			return;
		}
		try {
			sink.trace(spanAssembler.assemble(traceId, spans));
		} catch (TraceFormatException e) {
			sink.rejected(traceId, e.getMessage());
		}
	}

	protected void emitEvents(String traceId, List<EventInput> events) {
		if (events.isEmpty()) {
			return;
		}
		try {
			sink.trace(eventAssembler.assemble(traceId, events));
		} catch (TraceFormatException e) {
			sink.rejected(traceId, e.getMessage());
		}
	}

	protected void warn(String traceId, String message) {
		sink.warning(new TraceWarning(traceId, message));
	}

	/** The current scalar as text (numbers and booleans too); null for null; containers are skipped. */
	static String text(JsonParser p) throws IOException {
		JsonToken t = p.currentToken();
		if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
			p.skipChildren();
			return null;
		}
		return t == JsonToken.VALUE_NULL ? null : p.getText();
	}

	/** Skips the current value unread: a scalar's text is never decoded (Jackson skips it), a container is passed. */
	static void skip(JsonParser p) throws IOException {
		JsonToken t = p.currentToken();
		if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
			p.skipChildren();
		}
	}

	/** Whether the current value is the string s, compared in place (no String is made for it). */
	static boolean textIs(JsonParser p, String s) throws IOException {
		if (p.currentToken() != JsonToken.VALUE_STRING || p.getTextLength() != s.length()) {
			return false;
		}
		char[] buffer = p.getTextCharacters();
		int offset = p.getTextOffset();
		for (int i = 0; i < s.length(); i++) {
			if (buffer[offset + i] != s.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** {@link #textIs(JsonParser, String)} against the string's characters, compared with Arrays.equals (vectorized). */
	static boolean textIs(JsonParser p, char[] s) throws IOException {
		int len = s.length;
		if (p.currentToken() != JsonToken.VALUE_STRING || p.getTextLength() != len) {
			return false;
		}
		int offset = p.getTextOffset();
		return Arrays.equals(s, 0, len, p.getTextCharacters(), offset, offset + len);
	}

	/** A map for a few tags: the immutable small maps cost far less than a HashMap each. */
	static Map<String, String> smallMap(List<String> keysAndValues) {
		return switch (keysAndValues.size()) {
		case 0 -> Map.of();
		case 2 -> Map.of(keysAndValues.get(0), keysAndValues.get(1));
		case 4 -> {
			String k1 = keysAndValues.get(0);
			String v1 = keysAndValues.get(1);
			String k2 = keysAndValues.get(2);
			String v2 = keysAndValues.get(3);
			// Map.of refuses repeated keys and nulls, which inputs may have: those take a HashMap (the last wins)
			yield k1 != null && v1 != null && k2 != null && v2 != null && !k1.equals(k2) ? Map.of(k1, v1, k2, v2)
					: hashMap(keysAndValues);
		}
		default -> hashMap(keysAndValues);
		};
	}

	private static Map<String, String> hashMap(List<String> keysAndValues) {
		Map<String, String> m = new HashMap<>(keysAndValues.size());
		for (int i = 0; i + 1 < keysAndValues.size(); i += 2) {
			m.put(keysAndValues.get(i), keysAndValues.get(i + 1));
		}
		return m;
	}


	/** The current value as a long, from a number or a numeric string (OTLP writes int64 as strings). */
	static long longValue(JsonParser p, String what) throws IOException, TraceFormatException {
		JsonToken t = p.currentToken();
		if (t == JsonToken.VALUE_NUMBER_INT) {
			return p.getLongValue();
		}
		if (t == JsonToken.VALUE_NUMBER_FLOAT) {
			return Math.round(p.getDoubleValue());
		}
		if (t == JsonToken.VALUE_STRING) {
			long parsed = digits(p);
			if (parsed >= 0) {
				return parsed;
			}
			String s = p.getText().trim();
			try {
				return s.contains(".") ? Math.round(Double.parseDouble(s)) : Long.parseLong(s);
			} catch (NumberFormatException e) {
				throw new TraceFormatException(at(p) + what + " is not a number: \"" + s + "\"");
			}
		}
		if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
			p.skipChildren();
		}
		throw new TraceFormatException(at(p) + what + " is not a number but " + t);
	}

	/** A string of decimal digits that fits a long, read in place (OTLP's nanosecond times), else -1. */
	private static long digits(JsonParser p) throws IOException {
		int len = p.getTextLength();
		if (len == 0 || len > 19) {
			return -1;
		}
		char[] buf = p.getTextCharacters();
		int off = p.getTextOffset();
		long v = 0;
		for (int i = 0; i < len; i++) {
			int d = buf[off + i] - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			v = v * 10 + d; // 18 digits always fit; a 19th may overflow, which the sign shows
		}
		return v < 0 ? -1 : v;
	}

	/** Lines of one file skipped at most; past that it is no NDJSON with a few bad lines, and the error ends it. */
	static final int MAX_SKIPPED_LINES = 100;

	/** Reads a top-level value of the input; the parser is on its first token. */
	interface Document {
		void read(JsonToken first) throws IOException, TraceFormatException;
	}

	/**
	 * Reads the input's top-level values in turn. In NDJSON (every value so far within one line) a line that fails,
	 * malformed or of the wrong shape, is reported with its line and column and reading goes on at the next line;
	 * what the bad line gave before its error stands, and the lines after it may complete its traces. A first value
	 * counts as a bad line only if it fails on its own line and the next line starts a value. Elsewhere (a
	 * pretty-printed document), or when the input cannot be opened again, the error ends the input, after the
	 * traces before it.
	 */
	protected final void readDocuments(JsonParser p, Document document) throws IOException, TraceFormatException {
		int read = 0;
		boolean ndjson = true;
		int skipped = 0;
		while (true) {
			int line = -1;
			long offset = -1;
			try {
				JsonToken t = p.nextToken();
				if (t == null) {
					return;
				}
				JsonLocation start = p.currentTokenLocation();
				line = start.getLineNr();
				offset = start.getByteOffset();
				document.read(t);
				ndjson &= p.currentTokenLocation().getLineNr() == line;
				read++;
			} catch (com.fasterxml.jackson.core.JsonProcessingException | TraceFormatException e) {
				if (!(p instanceof TapeParser tape) || !tape.canResume() || !ndjson || skipped >= MAX_SKIPPED_LINES) {
					throw e;
				}
				JsonLocation error = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
						? j.getLocation() : p.currentTokenLocation();
				if (line < 0) { // between two values: the bad line is the error's
					if (error == null || error.getByteOffset() < 0 || error.getLineNr() < 0) {
						throw e;
					}
					line = error.getLineNr();
					offset = Math.max(0, error.getByteOffset() - Math.max(0, error.getColumnNr() - 1));
				} else if (offset < 0) {
					throw e;
				}
				// the first value: NDJSON only if it failed on its own line and the next line starts a value
				boolean first = read == 0;
				if (first && (error == null || error.getLineNr() != line)) {
					throw e;
				}
				TapeParser.Next next = tape.resumeAfterLine(offset, line);
				if (first && next != TapeParser.Next.DOCUMENT) {
					throw e;
				}
				skipped++;
				takeFault(); // a fault of the bad line's unfinished span is not the next span's
				warn(source, reason(e, error) + "; line " + line + " is skipped"
						+ (next == TapeParser.Next.END ? "" : ", the next line is read"));
				if (next == TapeParser.Next.END) {
					return;
				}
			}
		}
	}

	/** What was wrong, where: the parser's message with its line and column, or the reader's (which names them). */
	private static String reason(Exception e, JsonLocation at) {
		if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
			return (at != null && at.getLineNr() > 0 ? "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " : "")
					+ "malformed JSON: " + j.getOriginalMessage();
		}
		return e.getMessage();
	}

	/** "line L, column C: " of the parser's position. */
	static String at(JsonParser p) {
		var loc = p.currentTokenLocation();
		return "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
	}

	/** Expects the current token to be '{' or '['; otherwise names what was found where. */
	static void expect(JsonParser p, JsonToken expected, String what) throws TraceFormatException {
		if (p.currentToken() != expected) {
			throw new TraceFormatException(at(p) + what + " should be " + (expected == JsonToken.START_OBJECT
					? "an object" : "an array") + " but is " + p.currentToken());
		}
	}

	/** Reads a flat JSON object of scalars into a map (nested values are skipped). */
	static Map<String, String> flatObject(JsonParser p) throws IOException {
		Map<String, String> out = new HashMap<>();
		if (p.currentToken() != JsonToken.START_OBJECT) {
			skip(p);
			return out;
		}
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String key = p.currentName();
			p.nextToken();
			String value = text(p);
			if (value != null) {
				out.put(key, value);
			}
		}
		return out;
	}
}
