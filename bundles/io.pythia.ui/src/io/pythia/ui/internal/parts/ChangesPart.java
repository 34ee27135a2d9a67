// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;

import io.pythia.core.analysis.Comparison;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;

/**
 * What changed from a baseline (File &gt; Compare with Baseline...) to the open traces: one row per critical-path
 * edge of a request type whose mean time or variance share changed, significant changes first, then by how much of
 * the change in response time each explains.
 */
public class ChangesPart {

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Label summary;
	private Table table;
	private Rows<Comparison.Change> rows;
	private List<Comparison.Change> shown = List.of();

	@Inject
	public ChangesPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		summary = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(summary);
		table = Widgets.table(parent, SWT.SINGLE, "", 22, Messages.CHANGES_COLUMN_DELTA, -90,
				Messages.CHANGES_COLUMN_INTERVAL, -150, Messages.CHANGES_COLUMN_TYPE, 130, Messages.CHANGES_COLUMN_EDGE, 330,
				Messages.CHANGES_COLUMN_BASELINE, -85, Messages.CHANGES_COLUMN_SELECTION, -85,
				Messages.CHANGES_COLUMN_EXPLAINS, -80, Messages.CHANGES_COLUMN_SHARE, -110);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
		rows = new Rows<>(table, ChangesPart::cells);
		investigation.addListener(listener);
		refresh();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.COMPARISON) {
			sync.asyncExec(() -> {
				if (!table.isDisposed()) {
					refresh();
				}
			});
		}
	}

	private void refresh() {
		var baseline = investigation.baseline();
		Comparison c = baseline.map(Investigation.Baseline::comparison).orElse(null);
		shown = c == null ? List.of() : c.changes();
		rows.show(shown);
		if (baseline.isEmpty()) {
			summary.setText(Messages.CHANGES_NO_BASELINE);
		} else if (c == null) {
			summary.setText(Messages.CHANGES_NO_SELECTION);
		} else {
			summary.setText(String.format(Locale.ROOT, Messages.CHANGES_SUMMARY, c.baselineTraces(),
					String.join(", ", baseline.get().sources().stream().map(Path::toString).toList()), c.selectionTraces(),
					c.changes().size(), c.changes().stream().filter(Comparison.Change::significant).count()));
		}
		summary.getParent().layout();
	}

	/** The rows as shown, in order. */
	public List<Comparison.Change> changes() {
		return shown;
	}

	/** The line above the table. */
	public String summary() {
		return summary.getText();
	}

	private static String[] cells(Comparison.Change c) {
		return new String[] { c.significant() ? "*" : "", ms(c.deltaNanos()),
				"[" + ms(c.deltaLowNanos()) + ", " + ms(c.deltaHighNanos()) + "]", c.requestType(), c.label(),
				String.format(Locale.ROOT, "%.3f ms", c.baselineMeanNanos() / 1e6),
				String.format(Locale.ROOT, "%.3f ms", c.selectionMeanNanos() / 1e6),
				Double.isNaN(c.explains()) ? "" : String.format(Locale.ROOT, "%.1f%%", c.explains() * 100),
				String.format(Locale.ROOT, "%.0f%% \u2192 %.0f%%", c.baselineShare() * 100, c.selectionShare() * 100) };
	}

	private static String ms(double nanos) {
		return String.format(Locale.ROOT, "%+.3f ms", nanos / 1e6);
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}
}
