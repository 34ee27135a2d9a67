// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;

import io.pythia.control.AgentEndpoint;

/**
 * Agent tokens in Eclipse secure storage (~/.pythia-workbench/secure_storage), by agent URL. A connection file may
 * then leave a token out: the one stored for that agent is used. Tokens given in a file are stored for next time.
 */
public final class TokenStore {

	private final ISecurePreferences root;

	private TokenStore(ISecurePreferences root) {
		this.root = root;
	}

	/** The workbench's store (the system property pythia.secureStorage moves it, for tests). */
	public static TokenStore open() throws IOException {
		String property = System.getProperty("pythia.secureStorage");
		Path file = property != null && !property.isBlank() ? Path.of(property)
				: Path.of(System.getProperty("user.home"), ".pythia-workbench", "secure_storage");
		ISecurePreferences prefs = SecurePreferencesFactory.open(file.toUri().toURL(), null);
		if (prefs == null) {
			throw new IOException("cannot open secure storage at " + file);
		}
		return new TokenStore(prefs.node("io.pythia.agents"));
	}

	private ISecurePreferences node(AgentEndpoint agent) {
		return root.node(URLEncoder.encode(agent.url().toString(), StandardCharsets.UTF_8));
	}

	/**
	 * Stores the tokens a connection gives and fills in the ones it leaves out.
	 *
	 * @throws IOException when an agent has no token, given or stored
	 */
	public AgentEndpoint.Connection complete(AgentEndpoint.Connection connection) throws IOException {
		List<AgentEndpoint> agents = new ArrayList<>();
		try {
			for (AgentEndpoint a : connection.agents()) {
				if (a.token() != null && !a.token().isEmpty()) {
					node(a).put("token", a.token(), true);
					agents.add(a);
				} else {
					String stored = node(a).get("token", null);
					if (stored == null) {
						throw new IOException("agent " + a.name() + " (" + a.url() + ") has no token in the connection file and none is stored");
					}
					agents.add(new AgentEndpoint(a.name(), a.url(), stored));
				}
			}
			root.flush();
		} catch (StorageException e) {
			throw new IOException("secure storage: " + e.getMessage(), e);
		}
		return new AgentEndpoint.Connection(agents, connection.otlpPort(), connection.otlpGrpcPort());
	}
}
