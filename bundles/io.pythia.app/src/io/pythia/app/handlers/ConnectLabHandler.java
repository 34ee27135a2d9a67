// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.handlers;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.app.jobs.LiveJobs;
import io.pythia.app.model.Investigation;

/** File &gt; Connect to Lab: the lab started by {@code ./pythia lab start}, in one click. */
public class ConnectLabHandler {

	/** Where {@code ./pythia lab start} writes the lab's connection file. */
	public static Path labConnectionFile() {
		String dir = System.getenv("PYTHIA_LAB_DIR");
		Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".pythia-lab");
		return base.resolve("connection.json");
	}

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation) {
		Path file = labConnectionFile();
		if (!Files.exists(file)) {
			MessageDialog.openInformation(shell, "Connect to Lab", "The lab is not running: there is no " + file
					+ ".\n\nStart it from a terminal with\n    ./pythia lab start\n    ./pythia lab inject slow-replica\n"
					+ "or run ./pythia demo, which does both and opens the workbench connected to it.");
			return;
		}
		LiveJobs.connect(file, investigation.settings(), investigation);
	}
}
