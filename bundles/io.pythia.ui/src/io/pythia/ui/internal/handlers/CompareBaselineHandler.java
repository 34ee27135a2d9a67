// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.BaselineJob;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;

/**
 * File &gt; Compare with Baseline...: reads trace files as a baseline, in a job, and shows what changed from it to
 * the open traces in the Changes view.
 */
public class CompareBaselineHandler {

	public static final String CHANGES_PART = "io.pythia.app.part.changes";

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation,
			EPartService parts) {
		List<Path> chosen = OpenTracesHandler.chooseTraceFiles(shell, Messages.BASELINE_TITLE);
		if (chosen.isEmpty()) {
			return;
		}
		compare(investigation, parts, chosen);
	}

	/** Reads {@code baseline} in a job and brings the Changes view forward. */
	public static BaselineJob compare(Investigation investigation, EPartService parts, List<Path> baseline) {
		BaselineJob job = new BaselineJob(baseline, investigation);
		job.schedule();
		if (parts != null) {
			parts.showPart(CHANGES_PART, EPartService.PartState.VISIBLE);
		}
		return job;
	}
}
