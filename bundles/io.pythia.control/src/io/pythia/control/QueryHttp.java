// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs of a tracing backend's query API, with errors that name the URL and what answered. */
final class QueryHttp {

	private final String what;
	private final Duration timeout;
	private final HttpClient http;

	/** @param what the backend, as the errors call it ("the Jaeger query service") */
	QueryHttp(String what, Duration timeout) {
		this.what = what;
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	/** The answer's body, which must be 200 OK. */
	String getString(URI uri) throws IOException {
		HttpResponse<InputStream> r = send(uri);
		try (InputStream in = r.body()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			if (r.statusCode() != 200) {
				throw new IOException(uri + ": HTTP " + r.statusCode() + ": " + body.strip().lines().findFirst().orElse(""));
			}
			return body;
		}
	}

	HttpResponse<InputStream> send(URI uri) throws IOException {
		try {
			return http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(uri + ": interrupted", e);
		} catch (IOException e) {
			throw new IOException(uri + ": cannot reach " + what + ": " + e, e);
		}
	}
}
