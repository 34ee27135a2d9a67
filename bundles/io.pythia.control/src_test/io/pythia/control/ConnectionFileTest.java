// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection files: the receiver's ports default to OpenTelemetry's, and "no gRPC" survives a round trip. */
class ConnectionFileTest {

	@TempDir
	Path dir;

	@Test
	void portsDefaultToOpenTelemetrysAndMinusOneMeansNoGrpc() throws IOException {
		Path file = dir.resolve("connection.json");
		Files.writeString(file, "{\"agents\": [{\"name\": \"front\", \"url\": \"http://127.0.0.1:7001/\", \"token\": \"t\"}]}");
		AgentEndpoint.Connection c = AgentEndpoint.read(file);
		assertEquals(4318, c.otlpPort());
		assertEquals(4317, c.otlpGrpcPort());
		assertEquals(List.of(new AgentEndpoint("front", URI.create("http://127.0.0.1:7001/"), "t")), c.agents());

		AgentEndpoint.write(new AgentEndpoint.Connection(c.agents(), 9000), file);
		AgentEndpoint.Connection httpOnly = AgentEndpoint.read(file);
		assertEquals(9000, httpOnly.otlpPort());
		assertEquals(-1, httpOnly.otlpGrpcPort(), "written without gRPC, read without gRPC: " + Files.readString(file));

		AgentEndpoint.write(new AgentEndpoint.Connection(c.agents(), 9000, 9001), file);
		assertEquals(9001, AgentEndpoint.read(file).otlpGrpcPort());
	}

	@Test
	void aFileOfAnotherShapeNamesItself() throws IOException {
		Path file = dir.resolve("broken.json");
		Files.writeString(file, "{\"agents\": 3}");
		IOException e = assertThrows(IOException.class, () -> AgentEndpoint.read(file));
		assertTrue(e.getMessage().startsWith(file + ": a connection file needs"), e.getMessage());
	}
}
