// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.nio.charset.StandardCharsets;

import io.pythia.importers.TraceFormat;

/**
 * Recognizes a trace format from the first bytes of a file: the top-level shape (object, array, CSV) and the
 * field names each format uses. Returns null when nothing fits.
 */
public final class FormatDetector {

	/** How much of a file is looked at. */
	public static final int PREFIX_BYTES = 64 * 1024;

	private FormatDetector() {
	}

	public static TraceFormat detect(byte[] prefix, int length) {
		String text = new String(prefix, 0, length, StandardCharsets.UTF_8);
		int i = 0;
		while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '\uFEFF')) {
			i++;
		}
		if (i == text.length()) {
			return null;
		}
		char first = text.charAt(i);
		if (first == '{' || first == '[') {
			if (has(text, "resourceSpans") || has(text, "batches") && (has(text, "scopeSpans") || has(text, "instrumentationLibrarySpans"))) {
				return TraceFormat.OTLP;
			}
			if (has(text, "reports") && has(text, "X-Trace")) {
				return TraceFormat.XTRACE;
			}
			if (has(text, "children") && has(text, "info")) {
				return TraceFormat.OSPROFILER;
			}
			if (has(text, "base_id") && has(text, "trace_id")) {
				return TraceFormat.OSPROFILER_EVENTS;
			}
			if (has(text, "traceID") && has(text, "spanID") || has(text, "data") && first == '{') {
				return TraceFormat.JAEGER;
			}
			if (has(text, "traceId") && has(text, "spanId") && has(text, "operationName")) {
				return TraceFormat.JAEGER_MODEL;
			}
			if (first == '[' && has(text, "traceId") && has(text, "id")) {
				return TraceFormat.ZIPKIN;
			}
			return null;
		}
		int eol = text.indexOf('\n', i);
		String header = (eol < 0 ? text.substring(i) : text.substring(i, eol)).toLowerCase();
		if (header.contains("traceid") && (header.contains("rpcid") || header.contains("rpc_id"))) {
			return TraceFormat.ALIBABA;
		}
		return null;
	}

	private static boolean has(String text, String field) {
		return text.contains("\"" + field + "\"");
	}
}
