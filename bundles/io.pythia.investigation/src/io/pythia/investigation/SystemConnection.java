// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.control.AgentEndpoint;
import io.pythia.lab.LabController;

/**
 * A system to investigate: its agents and trace receiver port, where that was read from (kept beside the journal so
 * the session can be resumed), where the session's journal goes, and the Kafka broker its spans go to when they go
 * to one (a connection file's {@code "kafka": "HOST:PORT"}; its topic is otlp_spans).
 */
public record SystemConnection(AgentEndpoint.Connection connection, Path file, Path journalDir, String kafka) {

	/** A system whose spans come to the workbench's receiver. */
	public SystemConnection(AgentEndpoint.Connection connection, Path file, Path journalDir) {
		this(connection, file, journalDir, null);
	}

	/** The agents of a connection file; the journal goes beside it. */
	public static SystemConnection file(Path file) throws IOException {
		return new SystemConnection(AgentEndpoint.read(file), file, file.toAbsolutePath().getParent(), kafkaOf(file));
	}

	/** The lab's agents; the journal goes to the lab's folder. */
	public static SystemConnection lab(LabController lab) throws IOException {
		if (!lab.started() || !Files.exists(lab.connectionFile())) {
			throw new IOException("the lab is not running (start it: pythia lab start)");
		}
		return new SystemConnection(AgentEndpoint.read(lab.connectionFile()), lab.connectionFile(), lab.dir(),
				kafkaOf(lab.connectionFile()));
	}

	private static String kafkaOf(Path file) throws IOException {
		JsonNode k = new ObjectMapper().readTree(file.toFile()).path("kafka");
		if (k.isMissingNode() || k.isNull()) {
			return null;
		}
		if (!k.isTextual() || !k.asText().matches("[^:\\s]+:\\d+")) {
			throw new IOException(file + ": \"kafka\" must be the broker as \"HOST:PORT\", not " + k);
		}
		return k.asText();
	}
}
