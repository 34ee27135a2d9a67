// SPDX-License-Identifier: EPL-2.0
package io.pythia.services.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
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

	/**
	 * Writes a new key into a file that is the user's alone from its creation, then links it in under its name: two
	 * workbenches starting at once agree on the first key, and no one else ever sees a readable file.
	 */
	private static void create(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Path tmp = Files.createTempFile(file.getParent(), ".secure-storage", ".key",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
			Files.createLink(file, tmp);
		} catch (FileAlreadyExistsException e) {
			// another workbench made it first: use that one
		} catch (UnsupportedOperationException e) { // a file system without hard links
			try {
				Files.move(tmp, file);
			} catch (FileAlreadyExistsException made) {
				// as above
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	@Override
	public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
		try {
			Path file = keyFile();
			if (!Files.exists(file)) {
				create(file);
			}
			return new PBEKeySpec(Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray());
		} catch (IOException | UnsupportedOperationException e) {
			return null; // secure storage then refuses to encrypt, and the token is not stored
		}
	}
}
