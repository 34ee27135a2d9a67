// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
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
 * OSProfiler's raw events as its storage drivers keep them (e.g. Redis): one JSON object per line, "NAME-start" and
 * "NAME-stop" events paired by trace_id into spans, grouped into traces by base_id, in any order.
 */
final class OsProfilerEventsReader extends FormatReader {

	OsProfilerEventsReader(String source, TraceSink sink, Interner interner) {
		super("osprofiler", source, sink, interner);
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		Map<String, Map<String, Half>> traces = new LinkedHashMap<>();
		try {
			readDocuments(p, first -> {
				if (first == JsonToken.START_ARRAY) {
					while (p.nextToken() == JsonToken.START_OBJECT) {
						readEvent(p, traces);
					}
				} else {
					expect(p, JsonToken.START_OBJECT, "an OSProfiler event");
					readEvent(p, traces);
				}
			});
		} finally {
			traces.forEach(this::emit);
		}
	}

	private void readEvent(JsonParser p, Map<String, Map<String, Half>> traces) throws IOException, TraceFormatException {
		String name = null;
		String baseId = null;
		String traceId = null;
		String parentId = null;
		String timestamp = null;
		String host = "";
		String service = null;
		String project = null;
		String tracepointId = null;
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			switch (field) {
			case "name" -> name = text(p);
			case "base_id" -> baseId = text(p);
			case "trace_id" -> traceId = text(p);
			case "parent_id" -> parentId = text(p);
			case "timestamp" -> timestamp = text(p);
			case "service" -> service = text(p);
			case "project" -> project = text(p);
			case "tracepoint_id" -> tracepointId = text(p);
			case "info" -> {
				Map<String, String> info = flatObject(p);
				host = info.getOrDefault("host", "");
				tracepointId = info.getOrDefault("tracepoint_id", tracepointId);
			}
			default -> skip(p);
			}
		}
		if (name == null || baseId == null || traceId == null || timestamp == null) {
			throw new TraceFormatException(at(p) + "an OSProfiler event needs name, base_id, trace_id and timestamp");
		}
		long t = OsProfilerReader.parseTime(p, timestamp);
		boolean start = name.endsWith("-start");
		boolean stop = name.endsWith("-stop");
		String span = start ? name.substring(0, name.length() - 6) : stop ? name.substring(0, name.length() - 5) : name;
		Half h = traces.computeIfAbsent(baseId, k -> new LinkedHashMap<>()).computeIfAbsent(traceId, k -> new Half());
		h.name = span;
		h.parentId = baseId.equals(parentId) ? null : parentId;
		h.host = host.isEmpty() ? h.host : host;
		h.service = project != null ? project : service != null ? service : h.service;
		h.tracepointId = tracepointId != null ? tracepointId : h.tracepointId;
		if (start) {
			h.start = t;
		} else if (stop) {
			h.stop = t;
		} else {
			h.start = t;
			h.stop = t;
		}
	}

	private void emit(String baseId, Map<String, Half> halves) {
		List<SpanInput> spans = new ArrayList<>();
		int unpaired = 0;
		for (var e : halves.entrySet()) {
			Half h = e.getValue();
			long start = h.start != null ? h.start : h.stop;
			long duration = h.start != null && h.stop != null ? h.stop - h.start : SpanInput.UNKNOWN_DURATION;
			if (h.start == null || h.stop == null) {
				unpaired++;
			}
			String tp = h.tracepointId != null ? h.tracepointId : h.name;
			spans.add(new SpanInput(e.getKey(), h.parentId, start, duration, tp,
					new Attributes(h.service, h.host, h.name, Map.of())));
		}
		if (unpaired > 0) {
			warn(baseId, unpaired + " span(s) have a start without a stop or a stop without a start");
		}
		emitSpans(baseId, spans);
	}

	private static final class Half {
		String name;
		String parentId;
		String host = "";
		String service = "";
		String tracepointId;
		Long start;
		Long stop;
	}
}
