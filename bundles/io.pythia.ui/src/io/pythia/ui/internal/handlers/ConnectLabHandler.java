// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.inject.Named;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.LiveJobs;
import io.pythia.services.LabStarter;
import io.pythia.services.Investigation;
import io.pythia.lab.LabController;

/**
 * File &gt; Connect to Lab: connects to the lab; when it is not running, offers to start it first (eight service
 * processes and a workload, the same lab as {@code ./pythia lab start}). Asking the lab how it stands is HTTP, so
 * it runs in a job; only the question goes to the UI thread.
 */
public class ConnectLabHandler {

	/** Where the lab's connection file is. */
	public static Path labConnectionFile() {
		return LabStarter.connectionFile();
	}

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation) {
		investigation.setLiveStatus("Looking for the lab in " + LabStarter.folder() + "\u2026");
		Job.create("Looking for the lab", (IProgressMonitor m) -> {
			boolean running;
			try {
				running = LabStarter.lab().running();
			} catch (IOException e) {
				investigation.setLiveStatus("Cannot reach the lab: " + e.getMessage());
				return Status.warning(e.getMessage(), e);
			}
			if (running) {
				LiveJobs.connect(LabStarter.connectionFile(), investigation.settings(), investigation);
				return Status.OK_STATUS;
			}
			investigation.setLiveStatus("");
			shell.getDisplay().asyncExec(() -> {
				if (!shell.isDisposed() && MessageDialog.openQuestion(shell, "Connect to Lab", "The lab is not running. Start it now?\n\n"
						+ "It runs 8 services in their own JVMs with a workload of 30 requests/s, until ./pythia lab stop. "
						+ "Inject a problem with ./pythia lab inject NAME (slow-replica, random-sleeps, ...).")) {
					startAndConnect(investigation);
				}
			});
			return Status.OK_STATUS;
		}).schedule();
	}

	/** Starts the lab in a job (stopping what is left of an earlier one first), then connects to it. */
	public static Job startAndConnect(Investigation investigation) {
		investigation.setLiveStatus("Starting the lab (8 service processes) and warming it up\u2026");
		Job job = Job.create("Starting the lab", (IProgressMonitor m) -> {
			try {
				LabController lab = LabStarter.lab();
				lab.stop();
				lab.start(LabController.StartOptions.DEFAULTS, investigation::setLiveStatus);
			} catch (IOException e) {
				investigation.setLiveStatus("Starting the lab failed: " + e.getMessage() + " (logs in " + LabStarter.folder() + ")");
				return Status.warning(e.getMessage(), e);
			}
			LiveJobs.connect(LabStarter.connectionFile(), investigation.settings(), investigation);
			return Status.OK_STATUS;
		});
		job.schedule();
		return job;
	}
}
