// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.Investigation;
import io.pythia.services.TraceSourceList;
import io.pythia.services.ZipkinJob;
import io.pythia.ui.internal.parts.ZipkinDialog;

/**
 * File &gt; Open from Zipkin...: asks for the server and the window, then fetches every service's traces in a job
 * and opens them as a trace source beside the files.
 */
public class OpenZipkinHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, TraceSourceList sources,
			Investigation investigation) {
		ZipkinDialog dialog = new ZipkinDialog(shell);
		if (dialog.open() == ZipkinDialog.OK) {
			ZipkinDialog.Request r = dialog.request();
			new ZipkinJob(r.server(), r.lookback(), r.limitPerService(), sources, investigation).schedule();
		}
	}
}
