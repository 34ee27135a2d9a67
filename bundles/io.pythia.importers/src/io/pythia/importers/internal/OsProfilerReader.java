// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.time.format.DateTimeParseException;
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
 * OpenStack OSProfiler's {@code trace show --json} tree: a root {"info": {"name": "total", ...}, "children": [...]}
 * whose nodes are spans. Times come from the raw start/stop payloads (absolute, microseconds, each host's own
 * clock); nodes without them fall back to "started"/"finished" (milliseconds from the first event). A node with
 * a single payload is a point event of zero duration. Tracepoint: "tracepoint_id" when present, else the name.
 */
final class OsProfilerReader extends FormatReader {

	OsProfilerReader(String source, TraceSink sink, Interner interner) {
		super("osprofiler", source, sink, interner);
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		readDocuments(p, first -> {
			expect(p, JsonToken.START_OBJECT, "an OSProfiler trace");
			Node root = readNode(p);
			List<Node> all = new ArrayList<>();
			for (Node top : root.children) {
				top.parentId = null; // top-level nodes name the base id, which is no span
				collect(top, all);
			}
			String traceId = root.traceId;
			for (Node n : all) {
				if (traceId == null && n.baseId != null) {
					traceId = n.baseId;
				}
			}
			if (traceId == null) {
				traceId = source;
			}
			emitSpans(traceId, spans(traceId, all));
		});
	}

	private static void collect(Node n, List<Node> out) {
		out.add(n);
		for (Node c : n.children) {
			c.parentId = n.traceId;
			collect(c, out);
		}
	}

	private List<SpanInput> spans(String traceId, List<Node> nodes) {
		// absolute time of "started = 0": from any node that has both; else times stay relative
		Long base = null;
		for (Node n : nodes) {
			if (n.startAbs != null && n.startedMs != null) {
				long candidate = n.startAbs - n.startedMs * 1_000_000;
				base = base == null ? candidate : Math.min(base, candidate);
			}
		}
		int relative = 0;
		List<SpanInput> spans = new ArrayList<>(nodes.size());
		for (Node n : nodes) {
			long start;
			long end;
			if (n.startAbs != null) {
				start = n.startAbs;
				end = n.stopAbs != null ? n.stopAbs : n.finishedMs != null && n.startedMs != null
						? start + (n.finishedMs - n.startedMs) * 1_000_000 : start;
			} else if (n.pointAbs != null) {
				start = n.pointAbs;
				end = start;
			} else {
				relative++;
				long b = base == null ? 0 : base;
				start = b + (n.startedMs == null ? 0 : n.startedMs) * 1_000_000;
				end = b + (n.finishedMs == null ? (n.startedMs == null ? 0 : n.startedMs) : n.finishedMs) * 1_000_000;
			}
			String tracepoint = n.tracepointId != null ? n.tracepointId : n.name;
			String service = n.project != null ? n.project : n.service != null ? n.service : "";
			Map<String, String> tags = new HashMap<>();
			if (n.service != null) {
				tags.put("service", n.service);
			}
			if (n.exception != null && !"None".equals(n.exception)) {
				tags.put("exception", n.exception);
			}
			spans.add(new SpanInput(n.traceId == null ? "(no trace_id)" : n.traceId, n.parentId, start,
					Math.max(0, end - start), tracepoint, new Attributes(service, n.host, n.name, tags)));
		}
		if (relative > 0) {
			warn(traceId, relative + " node(s) carry no raw payload time stamps: placed by their millisecond offsets");
		}
		return spans;
	}

	private Node readNode(JsonParser p) throws IOException, TraceFormatException {
		Node n = new Node();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "info" -> readInfo(p, n);
			case "children" -> {
				expect(p, JsonToken.START_ARRAY, "\"children\"");
				while (p.nextToken() == JsonToken.START_OBJECT) {
					n.children.add(readNode(p));
				}
			}
			case "trace_id" -> n.traceId = text(p);
			case "parent_id" -> n.parentId = text(p);
			default -> skip(p);
			}
		}
		return n;
	}

	private void readInfo(JsonParser p, Node n) throws IOException, TraceFormatException {
		expect(p, JsonToken.START_OBJECT, "\"info\"");
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "name" -> n.name = text(p);
			case "tracepoint_id" -> n.tracepointId = text(p);
			case "host" -> n.host = text(p);
			case "service" -> n.service = text(p);
			case "project" -> n.project = text(p);
			case "exception" -> n.exception = text(p);
			case "started" -> n.startedMs = longValue(p, "started");
			case "finished" -> n.finishedMs = longValue(p, "finished");
			default -> {
				if (field.startsWith("meta.raw_payload.") && p.currentToken() == JsonToken.START_OBJECT) {
					Map<String, String> payload = flatObject(p);
					String ts = payload.get("timestamp");
					if (payload.get("base_id") != null) {
						n.baseId = payload.get("base_id");
					}
					if (ts != null) {
						long t = parseTime(p, ts);
						if (field.endsWith("-start")) {
							n.startAbs = t;
						} else if (field.endsWith("-stop")) {
							n.stopAbs = t;
						} else {
							n.pointAbs = t;
						}
					}
				} else {
					skip(p);
				}
			}
			}
		}
	}

	static long parseTime(JsonParser p, String ts) throws TraceFormatException {
		try {
			return Times.isoToNanos(ts);
		} catch (DateTimeParseException e) {
			throw new TraceFormatException(at(p) + "not an ISO time stamp: " + ts);
		}
	}

	private static final class Node {
		String traceId;
		String parentId;
		String baseId;
		String name = "";
		String tracepointId;
		String host = "";
		String service;
		String project;
		String exception;
		Long startedMs;
		Long finishedMs;
		Long startAbs;
		Long stopAbs;
		Long pointAbs;
		final List<Node> children = new ArrayList<>();
	}
}
