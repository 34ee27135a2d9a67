// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP endpoint on loopback that reads each export request whole and answers 200, so the agent's exporter
 * runs for real (queue, batches, JSON, HTTP) while the collector's own work stays out of the figure.
 */
public final class DiscardingCollector implements AutoCloseable {

	private final HttpServer server;
	private final AtomicLong requests = new AtomicLong();

	public DiscardingCollector() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/v1/traces", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(java.io.OutputStream.nullOutputStream());
			}
			requests.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.setExecutor(Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("collector").unstarted(r)));
		server.start();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
	}

	public long requests() {
		return requests.get();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
