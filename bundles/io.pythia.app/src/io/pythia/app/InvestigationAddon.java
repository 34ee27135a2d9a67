// SPDX-License-Identifier: EPL-2.0
package io.pythia.app;

import jakarta.annotation.PostConstruct;

import org.eclipse.e4.core.contexts.IEclipseContext;

/** Puts the investigation's shared state into the application context before any part is created. */
public class InvestigationAddon {

	@PostConstruct
	public void init(IEclipseContext applicationContext) {
		applicationContext.set(TraceSourceList.class, new TraceSourceList());
	}
}
