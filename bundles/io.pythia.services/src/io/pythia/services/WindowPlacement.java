// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the main window was when the workbench last closed, kept beside the preferences (window.properties), so
 * that the next start opens it there. A missing, unreadable or odd file means none: the window is then sized to
 * the screen.
 */
public record WindowPlacement(int x, int y, int width, int height) {

	/** Smaller windows are not restored: a window shrunk to nothing would look like no window at all. */
	static final int SMALLEST = 400;

	public static Path file() {
		return PreferencesStore.file().resolveSibling("window.properties");
	}

	/** The placement saved last, if a sensible one was. */
	public static Optional<WindowPlacement> load() {
		Path f = file();
		if (!Files.isRegularFile(f)) {
			return Optional.empty();
		}
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(f)) {
			p.load(in);
			WindowPlacement w = new WindowPlacement(Integer.parseInt(p.getProperty("x", "")),
					Integer.parseInt(p.getProperty("y", "")), Integer.parseInt(p.getProperty("width", "")),
					Integer.parseInt(p.getProperty("height", "")));
			return w.width >= SMALLEST && w.height >= SMALLEST ? Optional.of(w) : Optional.empty();
		} catch (IOException | NumberFormatException e) {
			return Optional.empty();
		}
	}

	/** Saves it; a failure to write only loses the placement (said on standard error). */
	public void save() {
		Properties p = new Properties();
		p.setProperty("x", Integer.toString(x));
		p.setProperty("y", Integer.toString(y));
		p.setProperty("width", Integer.toString(width));
		p.setProperty("height", Integer.toString(height));
		Path f = file();
		try {
			Files.createDirectories(f.toAbsolutePath().getParent());
			try (OutputStream out = Files.newOutputStream(f)) {
				p.store(out, "Pythia Workbench: the main window's place at the last exit");
			}
		} catch (IOException e) {
			System.err.println("pythia: cannot save the window's place in " + f + ": " + e.getMessage());
		}
	}
}
