// SPDX-License-Identifier: EPL-2.0
package io.pythia.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The analysis core stays plain Java: no OSGi, Eclipse, SWT or Jackson, so it runs and is tested anywhere. Its one
 * library is DDSketch (plain Java, no dependencies of its own), for the percentiles of large groups.
 */
class PlainJavaCoreTest {

	private static final Pattern FORBIDDEN = Pattern
			.compile("^import\\s+(static\\s+)?(org\\.osgi|org\\.eclipse|com\\.fasterxml|org\\.jfree)\\.", Pattern.MULTILINE);

	@Test
	void manifestRequiresNothing() throws IOException {
		Manifest manifest;
		try (InputStream in = Files.newInputStream(Path.of("META-INF/MANIFEST.MF"))) {
			manifest = new Manifest(in);
		}
		assertEquals("io.pythia.core", manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
		assertEquals(null, manifest.getMainAttributes().getValue("Require-Bundle"));
		for (String imported : manifest.getMainAttributes().getValue("Import-Package").split(",")) {
			assertTrue(imported.strip().startsWith("com.datadoghq.sketch.ddsketch"), imported + ": the core imports only DDSketch");
		}
	}

	@Test
	void sourcesImportOnlyTheJdk() throws IOException {
		List<Path> sources;
		try (Stream<Path> files = Files.walk(Path.of("src"))) {
			sources = files.filter(p -> p.toString().endsWith(".java")).toList();
		}
		assertFalse(sources.isEmpty(), "no sources found under src/");
		for (Path source : sources) {
			String text = Files.readString(source);
			assertTrue(!FORBIDDEN.matcher(text).find(), source + " imports a framework the core must not use");
		}
	}
}
