// SPDX-License-Identifier: EPL-2.0
package io.pythia.services.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;

/**
 * The master password of the workbench's secure storage when no desktop keyring is there to ask: a random key kept
 * in ~/.pythia-workbench/secure-storage.key, readable by the user only. The tokens are encrypted at rest with it; a
 * user who can read the key file can read the tokens, as with an unlocked keyring.
 */
public class MachineKeyPasswordProvider extends PasswordProvider {

	static Path keyFile() {
		String property = System.getProperty("pythia.secureStorage");
		Path dir = property != null && !property.isBlank() ? Path.of(property).getParent()
				: Path.of(System.getProperty("user.home"), ".pythia-workbench");
		return dir.resolve("secure-storage.key");
	}

	@Override
	public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
		try {
			Path file = keyFile();
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				byte[] key = new byte[32];
				new SecureRandom().nextBytes(key);
				Files.writeString(file, Base64.getEncoder().encodeToString(key));
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			return new PBEKeySpec(Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray());
		} catch (IOException | UnsupportedOperationException e) {
			return null; // secure storage then refuses to encrypt, and the token is not stored
		}
	}
}
