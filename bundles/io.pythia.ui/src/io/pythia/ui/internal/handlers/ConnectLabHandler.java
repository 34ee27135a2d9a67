// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

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
import io.pythia.ui.internal.Messages;

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
		investigation.setLiveStatus(String.format(Locale.ROOT, Messages.LAB_LOOKING, LabStarter.folder()));
		Job.create(Messages.LAB_LOOKING_JOB, (IProgressMonitor m) -> {
			boolean running;
			try {
				running = LabStarter.lab().running();
			} catch (IOException e) {
				investigation.setLiveStatus(String.format(Locale.ROOT, Messages.LAB_UNREACHABLE, e.getMessage()));
				return Status.warning(e.getMessage(), e);
			}
			if (running) {
				LiveJobs.connect(LabStarter.connectionFile(), investigation.settings(), investigation);
				return Status.OK_STATUS;
			}
			investigation.setLiveStatus("");
			shell.getDisplay().asyncExec(() -> {
				if (!shell.isDisposed() && MessageDialog.openQuestion(shell, Messages.LAB_CONNECT_TITLE, Messages.LAB_START_QUESTION)) {
					startAndConnect(investigation);
				}
			});
			return Status.OK_STATUS;
		}).schedule();
	}

	/** Starts the lab in a job (stopping what is left of an earlier one first), then connects to it. */
	public static Job startAndConnect(Investigation investigation) {
		investigation.setLiveStatus(Messages.LAB_STARTING);
		Job job = Job.create(Messages.LAB_STARTING_JOB, (IProgressMonitor m) -> {
			try {
				LabController lab = LabStarter.lab();
				lab.stop();
				lab.start(LabController.StartOptions.DEFAULTS, investigation::setLiveStatus);
			} catch (IOException e) {
				investigation.setLiveStatus(String.format(Locale.ROOT, Messages.LAB_START_FAILED, e.getMessage(), LabStarter.folder()));
				return Status.warning(e.getMessage(), e);
			}
			LiveJobs.connect(LabStarter.connectionFile(), investigation.settings(), investigation);
			return Status.OK_STATUS;
		});
		job.schedule();
		return job;
	}
}
