// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.BuildInfo;
import io.pythia.ui.internal.Messages;

/** Help &gt; About: what this is, which version and build, on which Java. */
public class AboutHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		MessageDialog.openInformation(shell, Messages.ABOUT_TITLE, aboutText(BuildInfo.ofRunningProduct()));
	}

	public static String aboutText(BuildInfo info) {
		return String.format(java.util.Locale.ROOT, Messages.ABOUT_TEXT, info.version(), info.build(),
				System.getProperty("java.version"), System.getProperty("java.vendor"));
	}
}
