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

/**
 * File &gt; Connect to System...: picks a connection file ({"agents": [{"name", "url", "token"}], "otlpPort": N})
 * and starts a live investigation against those agents.
 */
public class ConnectSystemHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation) {
		FileDialog dialog = new FileDialog(shell, SWT.OPEN);
		dialog.setText(Messages.CONNECT_SYSTEM_TITLE);
		dialog.setFilterNames(new String[] { Messages.CONNECT_SYSTEM_FILTER, Messages.ALL_FILES });
		dialog.setFilterExtensions(new String[] { "*.json", "*" });
		Path lab = ConnectLabHandler.labConnectionFile();
		if (Files.exists(lab)) {
			dialog.setFilterPath(lab.getParent().toString());
		}
		String file = dialog.open();
		if (file != null) {
			LiveJobs.connect(Path.of(file), investigation.settings(), investigation);
		}
	}
}
