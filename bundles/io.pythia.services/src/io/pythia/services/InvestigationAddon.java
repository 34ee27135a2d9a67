// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import jakarta.annotation.PostConstruct;

import org.eclipse.e4.core.contexts.IEclipseContext;

import io.pythia.services.LiveJobs;
import io.pythia.services.Investigation;

/** Puts the investigation's shared state into the application context before any part is created. */
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
	}
}
