// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.commands.MBindingTable;
import org.eclipse.e4.ui.model.application.commands.MKeyBinding;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.bindings.keys.KeySequence;
import org.eclipse.jface.bindings.keys.ParseException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.ui.internal.Messages;

/** Help &gt; Keys: the key bindings of the application model, so the list is always the one in force. */
public class KeysHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, MApplication application) {
		MessageDialog.openInformation(shell, Messages.KEYS_TITLE, Messages.KEYS_INTRO + "\n\n" + String.join("\n", keys(application)));
	}

	/** "Ctrl+Shift+Y  Approve Selected Proposals", one per binding, in the model's order. */
	public static List<String> keys(MApplication application) {
		List<String> out = new ArrayList<>();
		for (MBindingTable table : application.getBindingTables()) {
			for (MKeyBinding b : table.getBindings()) {
				String keys;
				try {
					keys = KeySequence.getInstance(b.getKeySequence()).format();
				} catch (ParseException e) {
					keys = b.getKeySequence();
				}
				out.add(keys + "\t" + (b.getCommand() == null ? "" : b.getCommand().getCommandName()));
			}
		}
		return out;
	}
}
