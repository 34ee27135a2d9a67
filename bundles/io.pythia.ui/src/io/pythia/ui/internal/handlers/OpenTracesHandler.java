// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.TraceSourceList;
import io.pythia.services.ImportJob;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;

/** File &gt; Open Traces...: adds trace files to the investigation's sources and imports them in a job. */
public class OpenTracesHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, TraceSourceList sources,
			Investigation investigation) {
		List<Path> chosen = chooseTraceFiles(shell, Messages.OPEN_TRACES_TITLE);
		if (chosen.isEmpty()) {
			return;
		}
		ImportJob.open(sources, investigation, chosen);
	}

	/** The trace files chosen in a file dialog titled {@code title}; empty when cancelled. */
	static List<Path> chooseTraceFiles(Shell shell, String title) {
		FileDialog dialog = new FileDialog(shell, SWT.OPEN | SWT.MULTI);
		dialog.setText(title);
		dialog.setFilterNames(new String[] { Messages.OPEN_TRACES_FILTER, Messages.ALL_FILES });
		dialog.setFilterExtensions(new String[] { "*.json;*.ndjson;*.csv;*.gz", "*" });
		if (dialog.open() == null) {
			return List.of();
		}
		List<Path> chosen = new ArrayList<>();
		for (String name : dialog.getFileNames()) {
			chosen.add(Path.of(dialog.getFilterPath(), name));
		}
		return chosen;
	}
}
