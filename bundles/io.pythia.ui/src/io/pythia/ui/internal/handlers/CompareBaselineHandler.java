// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
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
		FileDialog dialog = new FileDialog(shell, SWT.OPEN | SWT.MULTI);
		dialog.setText(Messages.BASELINE_TITLE);
		dialog.setFilterNames(new String[] { Messages.OPEN_TRACES_FILTER, Messages.ALL_FILES });
		dialog.setFilterExtensions(new String[] { "*.json;*.ndjson;*.csv;*.gz", "*" });
		if (dialog.open() == null) {
			return;
		}
		List<Path> chosen = new ArrayList<>();
		for (String name : dialog.getFileNames()) {
			chosen.add(Path.of(dialog.getFilterPath(), name));
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
