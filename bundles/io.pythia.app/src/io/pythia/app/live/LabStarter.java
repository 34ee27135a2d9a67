// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.live;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.pythia.agent.Agent;
import io.pythia.cli.LabCommand;
import io.pythia.core.trace.Trace;
import io.pythia.lab.LabService;

/**
 * The lab from inside the workbench (File &gt; Connect to Lab when it is not running): the same lab command as
 * {@code ./pythia lab}, with the class path of the workbench's own lab, agent and core bundles, and the same state
 * folder, so {@code ./pythia lab status|inject|stop} work on a lab the workbench started and the other way round.
 */
public final class LabStarter {

	private LabStarter() {
	}

	/** $PYTHIA_LAB_DIR or ~/.pythia-lab (the system property pythia.lab.dir overrides both, for tests). */
	public static Path folder() {
		String property = System.getProperty("pythia.lab.dir");
		return property != null && !property.isBlank() ? Path.of(property) : LabCommand.folder();
	}

	public static Path connectionFile() {
		return folder().resolve("connection.json");
	}

	/** Whether the lab's state says it runs and every service answers. */
	public static boolean running() {
		if (!Files.exists(connectionFile()) || !Files.exists(folder().resolve("lab.json"))) {
			return false;
		}
		Result r = lab(List.of("status"));
		return r.status() == 0 && !r.out().contains("DOWN");
	}

	/** Starts the lab (stopping what is left of an earlier one first); its output on success. */
	public static String start() throws IOException {
		lab(List.of("stop"));
		Result r = lab(List.of("start"));
		if (r.status() != 0) {
			throw new IOException("the lab did not start: " + r.err().strip() + " (logs in " + folder() + ")");
		}
		return r.out();
	}

	/** Runs a lab command (status, inject NAME, clear, stop) on the workbench's lab folder. */
	public static Result lab(List<String> args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String classpath;
		try {
			classpath = classpath();
		} catch (IOException e) {
			return new Result(2, "", e.getMessage());
		}
		int status = LabCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), folder(), classpath);
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** A lab command's exit status and output. */
	public record Result(int status, String out, String err) {
	}

	/** What a lab service process needs: the lab, agent and core bundles, as jars or build folders. */
	static String classpath() throws IOException {
		return String.join(File.pathSeparator, location(LabService.class), location(Agent.class), location(Trace.class));
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
