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
import io.pythia.core.trace.EventInput;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;

/**
 * X-Trace event reports (Brown's tracing framework): [{"id": task, "reports": [...]}] where every report field is an
 * array of strings. "X-Trace" is "19" + task id + event id; "Edge" lists the events it follows (several = a join);
 * the all-zero edge marks a root. "Timestamp" is seconds with a fraction, or epoch milliseconds. Tracepoint: agent
 * and label.
 */
final class XTraceReader extends FormatReader {

	private static final String NO_PARENT = "0000000000000000";

	XTraceReader(String source, TraceSink sink, Interner interner) {
		super("x-trace", source, sink, interner);
	}

	@Override
	void read(JsonParser p) throws IOException, TraceFormatException {
		Map<String, List<EventInput>> tasks = new LinkedHashMap<>();
		try {
			readDocuments(p, first -> {
				expect(p, JsonToken.START_ARRAY, "an X-Trace report list");
				while (p.nextToken() == JsonToken.START_OBJECT) {
					String taskFallback = null;
					while (p.nextToken() == JsonToken.FIELD_NAME) {
						String field = p.currentName();
						p.nextToken();
						if ("id".equals(field)) {
							taskFallback = text(p);
						} else if ("reports".equals(field)) {
							expect(p, JsonToken.START_ARRAY, "\"reports\"");
							while (p.nextToken() == JsonToken.START_OBJECT) {
								readReport(p, tasks, taskFallback);
							}
						} else {
							skip(p);
						}
					}
				}
			});
		} finally {
			tasks.forEach(this::emitEvents);
		}
	}

	private void readReport(JsonParser p, Map<String, List<EventInput>> tasks, String taskFallback)
			throws IOException, TraceFormatException {
		Map<String, List<String>> fields = new HashMap<>();
		while (p.nextToken() == JsonToken.FIELD_NAME) {
			String field = p.currentName();
			p.nextToken();
			List<String> values = new ArrayList<>(1);
			if (p.currentToken() == JsonToken.START_ARRAY) {
				while (p.nextToken() != JsonToken.END_ARRAY) {
					String v = text(p);
					if (v != null) {
						values.add(v);
					}
				}
			} else {
				String v = text(p);
				if (v != null) {
					values.add(v);
				}
			}
			fields.put(field, values);
		}
		String metadata = first(fields, "X-Trace");
		if (metadata == null || metadata.length() < 18) {
			throw new TraceFormatException(at(p) + "an X-Trace report without valid X-Trace metadata: " + metadata);
		}
		String task = metadata.substring(2, 18).toLowerCase();
		String event = metadata.substring(metadata.length() - 16).toLowerCase();
		List<String> parents = new ArrayList<>();
		for (String edge : fields.getOrDefault("Edge", List.of())) {
			if (!NO_PARENT.equals(edge)) {
				parents.add(edge.toLowerCase());
			}
		}
		String ts = first(fields, "Timestamp");
		long time;
		try {
			time = ts == null ? 0 : parseTimestamp(ts);
		} catch (NumberFormatException e) {
			throw new TraceFormatException(at(p) + "X-Trace Timestamp is no number: " + ts);
		}
		String agent = orEmpty(first(fields, "Agent"));
		String label = first(fields, "Label");
		if (label == null) {
			label = first(fields, "Operation") != null ? first(fields, "Operation") : orEmpty(first(fields, "Source"));
		}
		Map<String, String> tags = new HashMap<>();
		for (String key : new String[] { "Source", "ThreadName", "ProcessID", "Tag" }) {
			String v = first(fields, key);
			if (v != null) {
				tags.put(key, v);
			}
		}
		tasks.computeIfAbsent(task != null ? task : taskFallback, k -> new ArrayList<>()).add(new EventInput(event,
				parents, time, tracepoint(agent, label), new Attributes(agent, orEmpty(first(fields, "Host")), label, tags)));
	}

	/** Seconds with a fraction ("1364280059.495") or epoch milliseconds ("1384989800278"). */
	static long parseTimestamp(String ts) {
		if (ts.contains(".")) {
			return Math.round(Double.parseDouble(ts) * 1e9);
		}
		long v = Long.parseLong(ts);
		return v >= 100_000_000_000L ? v * 1_000_000 : v * 1_000_000_000;
	}

	private static String first(Map<String, List<String>> fields, String key) {
		List<String> v = fields.get(key);
		return v == null || v.isEmpty() ? null : v.get(0);
	}

	private static String orEmpty(String s) {
		return s == null ? "" : s;
	}
}
