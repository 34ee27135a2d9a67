// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.pythia.core.analysis.Grouping;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.ui.internal.Messages;

/**
 * Preferences: the problem-group thresholds, the per-cycle and total budgets, the search strategy and the stopping
 * thresholds. Values are checked as they are typed; OK stays disabled while one is out of range, and the message
 * says which and why.
 */
public class PreferencesDialog extends TitleAreaDialog {

	private record Field(String label, String hint, double min, double max, boolean integer) {
	}

	private static final Map<String, Field> FIELDS = new LinkedHashMap<>();
	static {
		FIELDS.put("cv", new Field(Messages.PREFS_CV, Messages.PREFS_CV_TIP, 0.0001, 10, false));
		FIELDS.put("min", new Field(Messages.PREFS_MIN_TRACES, Messages.PREFS_MIN_TRACES_TIP, 2, 1_000_000, true));
		FIELDS.put("perCycle", new Field(Messages.PREFS_PER_CYCLE, Messages.PREFS_PER_CYCLE_TIP, 1, 1000, true));
		FIELDS.put("total", new Field(Messages.PREFS_TOTAL, Messages.PREFS_TOTAL_TIP, 0.001, 1, false));
		FIELDS.put("localized", new Field(Messages.PREFS_LOCALIZED, Messages.PREFS_LOCALIZED_TIP, 0.05, 1, false));
		FIELDS.put("maxCycles", new Field(Messages.PREFS_MAX_CYCLES, Messages.PREFS_MAX_CYCLES_TIP, 1, 1000, true));
		FIELDS.put("window", new Field(Messages.PREFS_WINDOW, Messages.PREFS_WINDOW_TIP, 0.5, 600, false));
	}

	private InvestigationSettings settings;
	private final Map<String, Text> texts = new LinkedHashMap<>();
	private Combo strategy;
	private Combo grouping;
	private Text slos;

	public PreferencesDialog(Shell parent, InvestigationSettings settings) {
		super(parent);
		this.settings = settings;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		setTitle(Messages.PREFS_TITLE);
		setMessage(Messages.PREFS_MESSAGE);
		getShell().setText(Messages.PREFS_SHELL);
		Composite area = (Composite) super.createDialogArea(parent);
		Composite grid = new Composite(area, SWT.NONE);
		GridLayoutFactory.swtDefaults().numColumns(2).applyTo(grid);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(grid);
		double[] values = { settings.cvThreshold(), settings.minTraces(), settings.perCycle(), settings.totalFraction(),
				settings.localizedShare(), settings.maxCycles(), settings.windowSeconds() };
		int i = 0;
		for (var e : FIELDS.entrySet()) {
			texts.put(e.getKey(), Widgets.field(grid, e.getValue().label() + ":", e.getValue().hint(),
					e.getValue().integer() ? Long.toString(Math.round(values[i])) : trim(values[i]), 120, this::validate));
			i++;
		}
		new Label(grid, SWT.NONE).setText(Messages.PREFS_STRATEGY);
		strategy = new Combo(grid, SWT.READ_ONLY);
		strategy.setItems("hierarchical", "flat", "historic", "random");
		strategy.setText(settings.strategy());
		new Label(grid, SWT.NONE).setText(Messages.PREFS_GROUPING);
		grouping = new Combo(grid, SWT.READ_ONLY);
		grouping.setItems(java.util.Arrays.stream(Grouping.values()).map(Grouping::label).toArray(String[]::new));
		grouping.setText(settings.grouping().label());
		grouping.setToolTipText(Messages.PREFS_GROUPING_TIP);
		slos = Widgets.field(grid, Messages.PREFS_SLOS, Messages.PREFS_SLOS_TIP,
				InvestigationSettings.formatSlos(settings.slosMillis()), 240, this::validate);
		return area;
	}

	private static String trim(double v) {
		String s = String.format(Locale.ROOT, "%.4f", v);
		return s.replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	/** The value of a field, or an error message. */
	private Object value(String key) {
		Field f = FIELDS.get(key);
		String raw = texts.get(key).getText().strip();
		try {
			double v = Double.parseDouble(raw);
			if (f.integer() && v != Math.rint(v)) {
				return String.format(Locale.ROOT, Messages.PREFS_NOT_WHOLE, f.label());
			}
			if (v < f.min() || v > f.max()) {
				return String.format(Locale.ROOT, Messages.PREFS_OUT_OF_RANGE, f.label(), trim(f.min()), trim(f.max()));
			}
			return v;
		} catch (NumberFormatException e) {
			return String.format(Locale.ROOT, Messages.PREFS_NOT_A_NUMBER, f.label(), raw);
		}
	}

	private void validate() {
		for (String key : FIELDS.keySet()) {
			if (value(key) instanceof String error) {
				setErrorMessage(error);
				getButton(OK).setEnabled(false);
				return;
			}
		}
		if (slos != null) {
			try {
				InvestigationSettings.parseSlos(slos.getText());
			} catch (IllegalArgumentException e) {
				setErrorMessage(Messages.PREFS_SLOS_BAD + e.getMessage());
				getButton(OK).setEnabled(false);
				return;
			}
		}
		setErrorMessage(null);
		getButton(OK).setEnabled(true);
	}

	@Override
	protected void okPressed() {
		settings = new InvestigationSettings((double) value("cv"), (int) (double) value("min"),
				(int) (double) value("perCycle"), (double) value("total"), strategy.getText(), (double) value("localized"),
				(int) (double) value("maxCycles"), (double) value("window"), Grouping.of(grouping.getText()),
				InvestigationSettings.parseSlos(slos.getText()));
		super.okPressed();
	}

	public InvestigationSettings settings() {
		return settings;
	}
}
