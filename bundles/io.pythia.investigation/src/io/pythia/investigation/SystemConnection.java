// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pythia.control.AgentEndpoint;
import io.pythia.lab.LabController;

/**
 * A system to investigate: its agents and trace receiver port, where that was read from (kept beside the journal so
 * the session can be resumed), and where the session's journal goes.
 */
public record SystemConnection(AgentEndpoint.Connection connection, Path file, Path journalDir) {

	/** The agents of a connection file; the journal goes beside it. */
	public static SystemConnection file(Path file) throws IOException {
		return new SystemConnection(AgentEndpoint.read(file), file, file.toAbsolutePath().getParent());
	}

	/** The lab's agents; the journal goes to the lab's folder. */
	public static SystemConnection lab(LabController lab) throws IOException {
		if (!lab.started() || !Files.exists(lab.connectionFile())) {
			throw new IOException("the lab is not running (start it: pythia lab start)");
		}
		return new SystemConnection(AgentEndpoint.read(lab.connectionFile()), lab.connectionFile(), lab.dir());
	}
}
