// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.Investigation;
import io.pythia.ui.internal.parts.PreferencesDialog;

/** Window &gt; Preferences...: analysis thresholds, budgets, strategy and stopping conditions. */
public class PreferencesHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation) {
		PreferencesDialog dialog = new PreferencesDialog(shell, investigation.settings());
		if (dialog.open() == PreferencesDialog.OK) {
			investigation.setSettings(dialog.settings());
		}
	}
}
