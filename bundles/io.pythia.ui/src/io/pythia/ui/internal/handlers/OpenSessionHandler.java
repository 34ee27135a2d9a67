// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.LiveJobs;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;

/** File &gt; Open Session...: reopens a saved live session from its journal and goes on with it. */
public class OpenSessionHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation) {
		FileDialog dialog = new FileDialog(shell, SWT.OPEN);
		dialog.setText(Messages.OPEN_SESSION_TITLE);
		dialog.setFilterNames(new String[] { Messages.OPEN_SESSION_FILTER, Messages.ALL_FILES });
		dialog.setFilterExtensions(new String[] { "*.jsonl", "*" });
		if (Files.isDirectory(LiveJobs.sessionsFolder())) {
			dialog.setFilterPath(LiveJobs.sessionsFolder().toString());
		}
		String file = dialog.open();
		if (file != null) {
			LiveJobs.reopen(Path.of(file), investigation.settings(), investigation);
		}
	}
}
