// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PostConstruct;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.equinox.app.IApplicationContext;

import io.pythia.services.LiveJobs;
import io.pythia.services.Investigation;

/**
 * Puts the investigation's shared state into the application context before any part is created, and opens what
 * the command line names (a connection in PYTHIA_CONNECT, trace files and folders among the arguments).
 */
public class InvestigationAddon {

	@PostConstruct
	public void init(IEclipseContext applicationContext) {
		// charts are drawn by JFreeChart into in-memory images: AWT must never open a window of its own
		System.setProperty("java.awt.headless", "true");
		applicationContext.set(TraceSourceList.class, new TraceSourceList());
		Investigation investigation = new Investigation();
		applicationContext.set(Investigation.class, investigation);
		// ./pythia demo (or anyone) names a connection file to open a live investigation at start
		String connect = System.getenv("PYTHIA_CONNECT");
		if (connect != null && !connect.isBlank()) {
			LiveJobs.connect(java.nio.file.Path.of(connect), investigation.settings(), investigation);
		}
		// ./pythia FILE|FOLDER...: what the command line names is opened as File > Open Traces... opens it
		List<Path> named = namedPaths(applicationContext.get(IApplicationContext.class));
		if (!named.isEmpty()) {
			ImportJob.open(applicationContext.get(TraceSourceList.class), investigation, named);
		}
	}

	/** Options of the platform and of E4 that take a value, which is then no file to open. */
	private static final Set<String> VALUE_OPTIONS = Set.of("-applicationXMI", "-applicationCSS", "-applicationCSSResource",
			"-lifeCycleURI", "-presentationURI", "-modelResourceHandler", "-rendererFactoryUri", "-data", "-configuration",
			"-product", "-application", "-nl", "-os", "-ws", "-arch", "-name", "-startup", "-vm");

	/**
	 * The files and folders among the program arguments: those that are no option (nor an option's value) and exist.
	 * One that does not exist is said on standard error and left out, so it cannot spoil every later import.
	 */
	static List<Path> namedPaths(IApplicationContext context) {
		Object args = context == null ? null : context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
		List<Path> out = new ArrayList<>();
		if (!(args instanceof String[] list)) {
			return out;
		}
		for (int i = 0; i < list.length; i++) {
			if (list[i].startsWith("-")) {
				i += VALUE_OPTIONS.contains(list[i]) ? 1 : 0;
			} else if (Files.exists(Path.of(list[i]))) {
				out.add(Path.of(list[i]).toAbsolutePath().normalize());
			} else {
				System.err.println("pythia: no such file or folder to open: " + list[i]);
			}
		}
		return out;
	}
}
