// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal;

import jakarta.annotation.PostConstruct;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

import io.pythia.investigation.LiveInvestigation;
import io.pythia.search.CycleEngine;
import io.pythia.services.Investigation;

/**
 * Brings the Findings view forward when a live session stops having localized something (or a reopened one shows
 * it stopped): what the engineer does next, exporting the lean traces and restoring the instrumentation, starts
 * there. An addon and not the view itself, since a view behind another tab is not created until it is shown.
 */
public class FindingsAddon {

	static final String FINDINGS_PART = "io.pythia.app.part.findings";

	/** The session last seen stopped, so that a stop brings the view forward once. */
	private LiveInvestigation shownStopped;

	@PostConstruct
	public void init(IEclipseContext context, MApplication application, UISynchronize sync) {
		Investigation investigation = context.get(Investigation.class); // the investigation addon comes first
		if (investigation == null) {
			return;
		}
		investigation.addListener(change -> {
			if (change != Investigation.Change.LIVE) {
				return;
			}
			LiveInvestigation session = investigation.live().orElse(null);
			if (session == null || session == shownStopped || session.snapshot().phase() != CycleEngine.Phase.STOPPED
					|| session.snapshot().findings().isEmpty()) {
				return;
			}
			shownStopped = session;
			sync.asyncExec(() -> {
				if (application.getChildren().isEmpty() || application.getChildren().get(0).getContext() == null) {
					return;
				}
				EPartService parts = application.getChildren().get(0).getContext().get(EPartService.class);
				MPart part = parts.findPart(FINDINGS_PART);
				if (part != null) {
					parts.showPart(part, EPartService.PartState.VISIBLE);
				}
			});
		});
	}
}
