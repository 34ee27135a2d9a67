// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.pythia.lab.LabController;

/**
 * The lab from inside the workbench (File &gt; Connect to Lab when it is not running): the same {@link LabController}
 * as {@code ./pythia lab}, on the same folder, with the class path of the workbench's own lab, agent and core
 * bundles, so {@code ./pythia lab status|inject|stop} work on a lab the workbench started and the other way round.
 */
public final class LabStarter {

	private LabStarter() {
	}

	/** $PYTHIA_LAB_DIR or ~/.pythia-lab (the system property pythia.lab.dir overrides both, for tests). */
	public static Path folder() {
		String property = System.getProperty("pythia.lab.dir");
		return property != null && !property.isBlank() ? Path.of(property) : LabController.folder();
	}

	/** The workbench's lab controller. */
	public static LabController lab() throws IOException {
		return new LabController(folder(), classpath());
	}

	public static Path connectionFile() {
		return folder().resolve("connection.json");
	}

	/** What a lab service process needs: the lab, agent and core bundles, as jars or build folders. */
	static String classpath() throws IOException {
		List<String> parts = new ArrayList<>();
		for (Class<?> c : LabController.serviceClasses()) {
			parts.add(location(c));
		}
		return String.join(File.pathSeparator, parts);
	}

	private static String location(Class<?> type) throws IOException {
		Bundle b = FrameworkUtil.getBundle(type);
		if (b == null) { // not in OSGi (plain class path): the JVM's own
			return System.getProperty("java.class.path");
		}
		File f = FileLocator.getBundleFileLocation(b).orElseThrow(() -> new IOException("no location for bundle " + b));
		// a bundle of the development build is its project folder: its classes are in target/classes
		File classes = new File(f, "target/classes");
		return f.isDirectory() && classes.isDirectory() ? classes.getPath() : f.getPath();
	}
}
