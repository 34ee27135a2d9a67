// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.TraceFormat;
import io.pythia.importers.TraceImporter;

/**
 * A second trace source, for systems that already send their traces to Jaeger: its query API's
 * {@code /api/services} and {@code /api/traces?service=...&start=...&end=...&limit=...} (times in microseconds).
 * The answers are read by the Jaeger importer, with its repairs and warnings, as a file would be.
 */
public final class JaegerQueryClient {

	private final URI base;
	private final QueryHttp http;
	private final TraceImporter importer = new TraceImporter(new Interner());

	/** @param base the query service, e.g. http://127.0.0.1:16686/ */
	public JaegerQueryClient(URI base, Duration timeout) {
		this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
		this.http = new QueryHttp("the Jaeger query service", timeout);
	}

	/** The services Jaeger has traces of. */
	public List<String> services() throws IOException {
		String body = http.getString(base.resolve("api/services"));
		try {
			Object data = ProtocolJson.object(body).get("data");
			List<String> out = new ArrayList<>();
			if (data instanceof List<?> list) {
				list.forEach(o -> out.add(String.valueOf(o)));
			}
			return out;
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IOException(base.resolve("api/services") + ": not a Jaeger services answer: " + e.getOriginalMessage(), e);
		}
	}

	/**
	 * Traces of one service that started in [start, end), at most {@code limit}. Warnings (repairs) go to the sink
	 * along with the traces.
	 */
	public void traces(String service, Instant start, Instant end, int limit, TraceSink sink) throws IOException {
		URI uri = base.resolve("api/traces?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "&start="
				+ micros(start) + "&end=" + micros(end) + "&limit=" + limit);
		HttpResponse<InputStream> r = http.send(uri);
		try (InputStream in = r.body()) {
			if (r.statusCode() != 200) {
				throw new IOException(uri + ": HTTP " + r.statusCode() + ": " + snippet(in));
			}
			importer.read(uri.toString(), in, TraceFormat.JAEGER, sink);
		} catch (TraceFormatException e) {
			throw new IOException(e.getMessage(), e);
		}
	}

	/** Traces of every service over the last {@code lookback}, each trace once (a trace touches several services). */
	public List<Trace> recent(Duration lookback, int limitPerService, List<TraceWarning> warnings) throws IOException {
		Instant end = Instant.now();
		return window(end.minus(lookback), end, limitPerService, warnings);
	}

	/** {@link #window} into a sink: the traces, then the warnings (repairs) met reading them. */
	public void window(Instant start, Instant end, int limitPerService, TraceSink sink) throws IOException {
		List<TraceWarning> warnings = new ArrayList<>();
		for (Trace t : window(start, end, limitPerService, warnings)) {
			sink.trace(t);
		}
		warnings.forEach(sink::warning);
	}

	/** Traces of every service that started in [start, end), each trace once. */
	public List<Trace> window(Instant start, Instant end, int limitPerService, List<TraceWarning> warnings)
			throws IOException {
		java.util.Map<String, Trace> byId = new java.util.LinkedHashMap<>();
		for (String service : services()) {
			traces(service, start, end, limitPerService, TraceSink.of(t -> byId.putIfAbsent(t.id(), t), warnings::add));
		}
		return List.copyOf(byId.values());
	}

	private static long micros(Instant t) {
		return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
	}

	private static String snippet(InputStream in) throws IOException {
		byte[] b = in.readNBytes(300);
		return new String(b, StandardCharsets.UTF_8).strip();
	}
}
