// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.BuildInfo;

/** Help &gt; About: what this is, which version and build, on which Java. */
public class AboutHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		MessageDialog.openInformation(shell, "About Pythia Workbench", aboutText(BuildInfo.ofRunningProduct()));
	}

	public static String aboutText(BuildInfo info) {
		return "Pythia Workbench " + info.version() + "\n" //
				+ "Build " + info.build() + "\n\n" //
				+ "Just-in-time instrumentation for distributed systems: find where response-time variance\n"
				+ "arises in end-to-end traces and enable the tracepoints that localize it.\n\n" //
				+ "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
	}
}
