// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real traces in ../shared/traces (read-only reference material beside the checkout). */
final class SharedTraces {

	static final Path ROOT = locate();

	private SharedTraces() {
	}

	static Path file(String folder, String name) {
		return ROOT.resolve(folder).resolve(name);
	}

	private static Path locate() {
		// tests run in the bundle's folder: bundles/<id> -> ../../../shared/traces
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("shared").resolve("traces");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("../shared/traces not found above " + Path.of("").toAbsolutePath());
	}
}
