// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;

import io.pythia.services.Investigation;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.trace.Trace;
import io.pythia.ui.internal.Messages;

/**
 * The request groups of the current analysis: a sortable, filterable table (problem groups marked), and below it
 * the selected group's traces; selecting a group or a trace drives the graph and the heatmap.
 */
public class RequestGroupsPart {

	/** Column title, value as text, sort key. */
	private record Column(String title, int width, Function<AnalysisReport.Group, String> text,
			Comparator<AnalysisReport.Group> order) {
	}

	private static final List<Column> COLUMNS = List.of( //
			new Column(Messages.GROUPS_COLUMN_REQUEST_TYPE, 150, g -> (g.problem() ? "\u26a0 " : "") + g.group().requestType(),
					Comparator.comparing(g -> g.group().requestType())),
			new Column(Messages.GROUPS_COLUMN_COUNT, 60, g -> Integer.toString(g.group().count()), Comparator.comparingInt(g -> g.group().count())),
			new Column(Messages.GROUPS_COLUMN_MEAN, 75, g -> ms(g.latency().mean()), Comparator.comparingDouble(g -> g.latency().mean())),
			new Column(Messages.GROUPS_COLUMN_P50, 70, g -> ms(g.latency().p50()), Comparator.comparingDouble(g -> g.latency().p50())),
			new Column(Messages.GROUPS_COLUMN_P99, 70, g -> ms(g.latency().p99()), Comparator.comparingDouble(g -> g.latency().p99())),
			new Column(Messages.GROUPS_COLUMN_CV, 55, g -> String.format(Locale.ROOT, "%.3f", g.latency().coefficientOfVariation()),
					Comparator.comparingDouble(g -> g.latency().coefficientOfVariation())),
			new Column(Messages.GROUPS_COLUMN_VARIANCE, 95, g -> String.format(Locale.ROOT, "%.3f", g.latency().variance() / 1e12),
					Comparator.comparingDouble(g -> g.latency().variance())),
			new Column(Messages.GROUPS_COLUMN_GROUP, 110, g -> g.group().id(), Comparator.comparing(g -> g.group().id())));

	private final Investigation investigation;
	private final UISynchronize sync;
	private Text filter;
	private Label summary;
	private Table groups;
	private Table traces;
	private Rows<AnalysisReport.Group> groupRows;
	private Rows<Trace> traceRows;
	private List<AnalysisReport.Group> shown = List.of();
	private List<Trace> shownTraces = List.of();
	private int sortColumn = 6;
	private boolean ascending;
	private Font bold;
	private final Consumer<Investigation.Change> listener = this::changed;

	@Inject
	public RequestGroupsPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		filter = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
		filter.setMessage(Messages.GROUPS_FILTER);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
		filter.addModifyListener(e -> refill());
		summary = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(summary);
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		groups = new Table(sash, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.VIRTUAL);
		groups.setHeaderVisible(true);
		groups.setLinesVisible(true);
		FontData fd = groups.getFont().getFontData()[0];
		bold = new Font(groups.getDisplay(), fd.getName(), fd.getHeight(), SWT.BOLD);
		for (int i = 0; i < COLUMNS.size(); i++) {
			Column c = COLUMNS.get(i);
			TableColumn tc = new TableColumn(groups, i == 0 ? SWT.LEFT : SWT.RIGHT);
			tc.setText(c.title());
			tc.setWidth(c.width());
			int index = i;
			tc.addListener(SWT.Selection, e -> sortBy(index));
		}
		Color problemColour = new Color(0xb0, 0x20, 0x10);
		groupRows = new Rows<>(groups, RequestGroupsPart::cells,
				(g, column) -> g.problem() && column == 0 ? problemColour : null, g -> g.problem() ? bold : null);
		groups.addListener(SWT.Selection, e -> {
			int i = groups.getSelectionIndex();
			if (i >= 0 && i < shown.size()) {
				investigation.selectGroup(shown.get(i));
			}
		});
		traces = Widgets.table(sash, SWT.SINGLE | SWT.VIRTUAL, Messages.TRACES_COLUMN_TRACE, 220, Messages.TRACES_COLUMN_RESPONSE, -90, Messages.TRACES_COLUMN_EVENTS, -60, Messages.TRACES_COLUMN_FORMAT, -80);
		traceRows = new Rows<>(traces, t -> new String[] { t.id(), ms(t.duration()), Integer.toString(t.recordedEvents()), t.format() });
		traces.addListener(SWT.Selection, e -> {
			int i = traces.getSelectionIndex();
			if (i >= 0 && i < shownTraces.size()) {
				investigation.selectTrace(shownTraces.get(i));
			}
		});
		sash.setWeights(65, 35);
		groups.getColumn(sortColumn).getParent().setSortColumn(groups.getColumn(sortColumn));
		groups.setSortDirection(SWT.DOWN);
		investigation.addListener(listener);
		refill();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.ANALYSIS || change == Investigation.Change.GROUP) {
			sync.asyncExec(() -> {
				if (groups.isDisposed()) {
					return;
				}
				if (change == Investigation.Change.ANALYSIS) {
					refill();
				} else {
					showSelection();
				}
			});
		}
	}

	private void sortBy(int column) {
		ascending = column == sortColumn ? !ascending : column == 0 || column == 7;
		sortColumn = column;
		groups.setSortColumn(groups.getColumn(column));
		groups.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
		refill();
	}

	/** Applies filter and sort to the current analysis and shows the result. */
	private void refill() {
		var analysed = investigation.analysed();
		if (analysed.isEmpty()) {
			summary.setText(Messages.GROUPS_NO_ANALYSIS);
			shown = List.of();
		} else {
			AnalysisReport r = analysed.get().report();
			String f = filter.getText().strip().toLowerCase(Locale.ROOT);
			Comparator<AnalysisReport.Group> order = COLUMNS.get(sortColumn).order();
			shown = r.groups().stream().filter(g -> f.isEmpty() || matches(g, f))
					.sorted(ascending ? order : order.reversed()).toList();
			summary.setText(String.format(Locale.ROOT, Messages.GROUPS_SUMMARY,
					r.traces(), r.groups().size(), r.problemGroups().size(), r.options().cvThreshold(),
					r.options().minTraces(), f.isEmpty() ? "" : String.format(Locale.ROOT, Messages.GROUPS_SHOWN, shown.size())));
		}
		summary.getParent().layout(true, true);
		groupRows.show(shown);
		showSelection();
	}

	private static boolean matches(AnalysisReport.Group g, String f) {
		if (g.group().requestType().toLowerCase(Locale.ROOT).contains(f) || g.group().id().contains(f)) {
			return true;
		}
		for (int i = 0; i < g.group().steps(); i++) {
			if (g.group().tracepoint(i).toLowerCase(Locale.ROOT).contains(f)) {
				return true;
			}
		}
		return false;
	}

	private static String[] cells(AnalysisReport.Group g) {
		String[] texts = new String[COLUMNS.size()];
		for (int i = 0; i < texts.length; i++) {
			texts[i] = COLUMNS.get(i).text().apply(g);
		}
		return texts;
	}

	private void showSelection() {
		var selected = investigation.group();
		int index = selected.map(shown::indexOf).orElse(-1);
		if (index >= 0) {
			groups.setSelection(index);
			groups.showSelection();
		} else {
			groups.deselectAll();
		}
		shownTraces = selected.map(investigation::tracesOf).orElse(List.of());
		traceRows.show(shownTraces);
	}

	@Focus
	public void setFocus() {
		groups.setFocus();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
		if (bold != null) {
			bold.dispose();
		}
	}

	static String ms(double nanos) {
		return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
	}
}
