// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * An agent to control: its name, control URL and bearer token. A connection file lists them:
 * {@code {"agents": [{"name", "url", "token"}], "otlpPort": 4318, "otlpGrpcPort": 4317}}: the receiver's ports
 * default to OpenTelemetry's (4318 for OTLP/HTTP, 4317 for OTLP/gRPC); an {@code otlpGrpcPort} of -1 opens no gRPC
 * receiver.
 *
 * @param name  service name
 * @param url   control endpoint, e.g. http://127.0.0.1:7001/
 * @param token bearer token
 */
public record AgentEndpoint(String name, URI url, String token) {

	/** OpenTelemetry's default ports, for a connection file that names none. */
	public static final int DEFAULT_OTLP_PORT = 4318;
	public static final int DEFAULT_OTLP_GRPC_PORT = 4317;

	/**
	 * The agents and the OTLP receiver ports of a connection file.
	 *
	 * @param otlpPort     OTLP/HTTP (4318 by default)
	 * @param otlpGrpcPort OTLP/gRPC (4317 by default), or -1 for none
	 */
	public record Connection(List<AgentEndpoint> agents, int otlpPort, int otlpGrpcPort) {

		/** OTLP/HTTP only. */
		public Connection(List<AgentEndpoint> agents, int otlpPort) {
			this(agents, otlpPort, -1);
		}
	}

	@SuppressWarnings("unchecked")
	public static Connection read(Path file) throws IOException {
		Map<String, Object> root;
		try {
			root = ProtocolJson.object(Files.readString(file));
		} catch (JsonProcessingException e) {
			throw new IOException(file + ": not a connection file: " + e.getOriginalMessage()
					+ (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
		}
		try {
			List<AgentEndpoint> agents = new ArrayList<>();
			for (Object o : (List<Object>) root.get("agents")) {
				Map<String, Object> a = (Map<String, Object>) o;
				agents.add(new AgentEndpoint((String) a.get("name"), URI.create((String) a.get("url")), (String) a.get("token")));
			}
			Number port = (Number) root.getOrDefault("otlpPort", (long) DEFAULT_OTLP_PORT);
			Number grpc = (Number) root.getOrDefault("otlpGrpcPort", (long) DEFAULT_OTLP_GRPC_PORT);
			return new Connection(agents, port.intValue(), grpc.intValue());
		} catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
			throw new IOException(file + ": a connection file needs {\"agents\": [{\"name\", \"url\", \"token\"}], \"otlpPort\"}", e);
		}
	}

	public static void write(Connection connection, Path file) throws IOException {
		List<Object> agents = new ArrayList<>();
		for (AgentEndpoint a : connection.agents()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("name", a.name());
			m.put("url", a.url().toString());
			m.put("token", a.token());
			agents.add(m);
		}
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("agents", agents);
		root.put("otlpPort", (long) connection.otlpPort());
		root.put("otlpGrpcPort", (long) connection.otlpGrpcPort()); // -1 too: left out, it would mean 4317
		Files.writeString(file, ProtocolJson.write(root) + "\n");
	}
}
