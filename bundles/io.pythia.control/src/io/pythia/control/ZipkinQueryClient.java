// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceFormat;
import io.pythia.importers.TraceImporter;

/**
 * A trace source for systems that send their traces to Zipkin: its query API's {@code /api/v2/services} and
 * {@code /api/v2/traces?serviceName=...&endTs=...&lookback=...&limit=...} (times in milliseconds). Every service's
 * traces of a window, then those of no service (a query without a service name), are written out as one document of
 * the query API's own shape, a list of traces each a list of spans, each trace once; the Zipkin importer reads it as
 * it reads a file.
 */
public final class ZipkinQueryClient {

	private final URI base;
	private final QueryHttp http;
	private final TraceImporter importer = new TraceImporter(new Interner());

	/** @param base the Zipkin server, e.g. http://127.0.0.1:9411/ */
	public ZipkinQueryClient(URI base, Duration timeout) {
		this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
		this.http = new QueryHttp("the Zipkin server", timeout);
	}

	/** The services Zipkin has traces of. */
	public List<String> services() throws IOException {
		URI uri = base.resolve("api/v2/services");
		JsonNode answer = parse(uri, http.getString(uri));
		if (!answer.isArray()) {
			throw new IOException(uri + ": not a Zipkin services answer (a list of names): " + answer.getNodeType());
		}
		List<String> out = new ArrayList<>();
		answer.forEach(n -> out.add(n.asText()));
		return out;
	}

	/**
	 * Writes the traces of every service that ended within {@code lookback} of now, at most {@code limitPerService}
	 * each (and as many more of the whole window, which finds the traces whose spans name no service), to
	 * {@code out} as one list of traces, each trace once. If Zipkin cannot be reached or answers an error, the
	 * document is closed with the traces read before, and the error is thrown. {@code out} is closed.
	 *
	 * @return the number of traces written
	 */
	public int recent(Duration lookback, int limitPerService, OutputStream out) throws IOException {
		long endMillis = Instant.now().toEpochMilli();
		Set<String> seen = new HashSet<>();
		int written = 0;
		try (JsonGenerator g = ProtocolJson.generator(out)) {
			g.writeStartArray();
			try {
				List<String> queries = new ArrayList<>();
				for (String service : services()) {
					queries.add("serviceName=" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "&");
				}
				queries.add(""); // last, every trace of the window: also those whose spans name no service
				for (String query : queries) {
					URI uri = base.resolve("api/v2/traces?" + query + "endTs=" + endMillis + "&lookback=" + lookback.toMillis()
							+ "&limit=" + limitPerService);
					JsonNode traces = parse(uri, http.getString(uri));
					if (!traces.isArray()) {
						throw new IOException(uri + ": not a Zipkin traces answer (a list of traces): " + traces.getNodeType());
					}
					for (JsonNode trace : traces) {
						String id = trace.isArray() && !trace.isEmpty() ? trace.get(0).path("traceId").asText() : "";
						if (seen.add(normalized(id))) {
							g.writeTree(trace);
							written++;
						}
					}
				}
			} finally {
				g.writeEndArray(); // what was read stays readable, also after an error
			}
		}
		return written;
	}

	/**
	 * Reads the traces {@link #recent} fetches into the sink through the Zipkin importer, with its repairs and
	 * warnings. If Zipkin fails part way, the traces read before are delivered first, then the error is thrown.
	 *
	 * @return the number of traces fetched
	 */
	public int read(Duration lookback, int limitPerService, TraceSink sink) throws IOException {
		ByteArrayOutputStream document = new ByteArrayOutputStream();
		IOException failed = null;
		int fetched = 0;
		try {
			fetched = recent(lookback, limitPerService, document);
		} catch (IOException e) {
			failed = e;
		}
		try {
			importer.read(base.toString(), new ByteArrayInputStream(document.toByteArray()), TraceFormat.ZIPKIN, sink);
		} catch (TraceFormatException e) {
			throw new IOException(e.getMessage(), e);
		}
		if (failed != null) {
			throw failed;
		}
		return fetched;
	}

	/** Zipkin writes 64- and 128-bit ids; a 128-bit id whose high half is zero is the same trace as its low half. */
	private static String normalized(String id) {
		String lower = id.toLowerCase(java.util.Locale.ROOT);
		return lower.length() == 32 && lower.startsWith("0000000000000000") ? lower.substring(16) : lower;
	}

	private static JsonNode parse(URI uri, String body) throws IOException {
		try {
			return ProtocolJson.tree(body);
		} catch (JsonProcessingException e) {
			throw new IOException(uri + ": not JSON: " + e.getOriginalMessage(), e);
		}
	}
}
