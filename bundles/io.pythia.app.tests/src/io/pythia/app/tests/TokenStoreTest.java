// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pythia.services.TokenStore;
import io.pythia.control.AgentEndpoint;

/** Agent tokens in the real Eclipse secure storage of the test runtime: kept encrypted, filled in when left out. */
class TokenStoreTest {

	@Test
	void tokensAreKeptEncryptedAndFilledInWhenAConnectionLeavesThemOut() throws Exception {
		String token = "secret-" + UUID.randomUUID();
		URI url = URI.create("http://127.0.0.1:" + (20000 + (int) (Math.random() * 10000)) + "/");
		AgentEndpoint.Connection given = new AgentEndpoint.Connection(List.of(new AgentEndpoint("gateway", url, token)), 4318);
		assertEquals(given, TokenStore.open().complete(given), "a connection with its tokens is used as it is");

		AgentEndpoint.Connection without = new AgentEndpoint.Connection(List.of(new AgentEndpoint("gateway", url, null)), 4318);
		AgentEndpoint.Connection completed = TokenStore.open().complete(without);
		assertEquals(token, completed.agents().get(0).token(), "the stored token fills the gap");

		Path storage = Path.of(System.getProperty("pythia.secureStorage"));
		assertTrue(Files.exists(storage), "secure storage written at " + storage);
		assertFalse(Files.readString(storage).contains(token), "the token is not stored in the clear");
		// the key that encrypts them is the user's alone, and no half-made key file is left beside it
		Path key = storage.getParent().resolve("secure-storage.key");
		assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
		assertEquals(44, Files.readString(key).strip().length(), "32 random bytes in Base64");
		try (var files = Files.list(storage.getParent())) {
			assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".secure-storage")).toList());
		}

		AgentEndpoint.Connection unknown = new AgentEndpoint.Connection(
				List.of(new AgentEndpoint("compute", URI.create("http://127.0.0.1:1/"), "")), 4318);
		IOException e = assertThrows(IOException.class, () -> TokenStore.open().complete(unknown));
		assertTrue(e.getMessage().contains("compute") && e.getMessage().contains("no token"), e.getMessage());
	}
}
