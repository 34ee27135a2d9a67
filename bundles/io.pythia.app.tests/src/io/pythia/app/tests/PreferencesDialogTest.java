// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import io.pythia.investigation.InvestigationSettings;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.parts.PreferencesDialog;

/** The preferences dialog in the real workbench: bad values keep OK disabled and say why; good ones are kept. */
class PreferencesDialogTest {

	@Test
	void badValuesAreRefusedAndGoodOnesSaved() throws Exception {
		Path file = Path.of(System.getProperty("pythia.preferences"));
		Files.deleteIfExists(file);
		Map<String, Object> seen = new LinkedHashMap<>();
		try {
			exercise(seen);
			String saved = Files.readString(file);
			assertTrue(saved.contains("cvThreshold=0.2") && saved.contains("perCycle=5"), saved);
			assertTrue(saved.contains("grouping=critical-path") && saved.contains("slos=create_server\\=150"), saved);
			assertEquals(seen.get("settings"), io.pythia.services.PreferencesStore.load(), "read back as saved");
		} finally {
			Files.deleteIfExists(file); // the other UI tests run with the defaults
		}
		assertEquals(8, seen.get("fields"));
		assertFalse((boolean) seen.get("okAfterText"));
		assertTrue(((String) seen.get("errorText")).contains("'abc' is not a number"), (String) seen.get("errorText"));
		assertTrue(((String) seen.get("errorWhole")).contains("whole number"), (String) seen.get("errorWhole"));
		assertTrue((boolean) seen.get("okAfterFix"));
		assertNull(seen.get("errorAfterFix"));
		assertEquals(IDialogConstants.OK_ID, seen.get("returnCode"));
		InvestigationSettings s = (InvestigationSettings) seen.get("settings");
		assertEquals(0.2, s.cvThreshold());
		assertEquals(5, s.perCycle());
		assertEquals(io.pythia.core.analysis.Grouping.CRITICAL_PATH, s.grouping());
		assertEquals(Map.of("create_server", 150.0), s.slosMillis());
		assertTrue(((String) seen.get("errorSlo")).contains("'abc' is not a number of ms"), (String) seen.get("errorSlo"));
		assertFalse((boolean) seen.get("okAfterBadSlo"));
	}

	private static void exercise(Map<String, Object> seen) throws Exception {
		WorkbenchRun.run(r -> {
			Investigation investigation = r.application().getContext().get(Investigation.class);
			PreferencesDialog dialog = new PreferencesDialog(r.shell(), investigation.settings());
			dialog.setBlockOnOpen(false);
			dialog.open();
			List<Text> fields = InvestigationViewsTest.all((Composite) dialog.getShell(), Text.class).stream()
					.filter(t -> (t.getStyle() & SWT.BORDER) != 0).toList();
			seen.put("fields", fields.size());
			Button ok = dialog.getShell().getDefaultButton();
			fields.get(0).setText("abc"); // CV threshold
			seen.put("okAfterText", ok.isEnabled());
			seen.put("errorText", dialog.getErrorMessage());
			fields.get(0).setText("0.2");
			fields.get(2).setText("2.5"); // per-cycle budget must be whole
			seen.put("errorWhole", dialog.getErrorMessage());
			fields.get(2).setText("5");
			fields.get(7).setText("create_server=abc"); // the objectives
			seen.put("errorSlo", dialog.getErrorMessage());
			seen.put("okAfterBadSlo", ok.isEnabled());
			fields.get(7).setText("create_server=150");
			org.eclipse.swt.widgets.Combo grouping = InvestigationViewsTest.all((Composite) dialog.getShell(),
					org.eclipse.swt.widgets.Combo.class).get(1);
			grouping.setText("critical-path");
			seen.put("okAfterFix", ok.isEnabled());
			seen.put("errorAfterFix", dialog.getErrorMessage());
			ok.notifyListeners(SWT.Selection, new Event());
			seen.put("returnCode", dialog.getReturnCode());
			investigation.setSettings(dialog.settings()); // what the Preferences handler does on OK
			seen.put("settings", investigation.settings());
		});
	}

	/** A preferences file edited by hand with a value out of range: the defaults stand, the workbench starts. */
	@Test
	void aPreferencesFileOutOfRangeGivesTheDefaults() throws Exception {
		String before = System.getProperty("pythia.preferences");
		Path file = Files.createTempFile("pythia-preferences", ".properties");
		try {
			Files.writeString(file, "windowSeconds=0\nperCycle=5\n");
			System.setProperty("pythia.preferences", file.toString());
			assertEquals(InvestigationSettings.DEFAULTS, io.pythia.services.PreferencesStore.load());
			Files.writeString(file, "perCycle=5\n");
			assertEquals(5, io.pythia.services.PreferencesStore.load().perCycle(), "a valid file is read");
		} finally {
			if (before == null) {
				System.clearProperty("pythia.preferences");
			} else {
				System.setProperty("pythia.preferences", before);
			}
			Files.deleteIfExists(file);
		}
	}
}
