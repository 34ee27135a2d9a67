// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.analysis.FlameGraph;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;
import io.pythia.ui.internal.charts.FlamePainter;

/**
 * The selected group's flame graph: its kept traces' critical-path time by calling context, a frame as wide as its
 * mean time and coloured by its share of the group's variance; or, against the baseline (File &gt; Compare with
 * Baseline...), coloured by its change in mean time from the baseline's traces of the same group, or else of the
 * same request type. Click a frame to zoom into it (and select its span's heaviest critical-path edge in the other
 * views), Reset to come back; exports to PNG and SVG. The frames are summed in a job.
 */
public class FlameGraphPart {

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Canvas canvas;
	private Label status;
	private FlameGraph flame;
	private FlameGraph.Frame top;
	private List<FlamePainter.Box> boxes = List.of();
	private AnalysisReport.Group shownGroup;
	private Button againstBaseline;
	/** Each frame's change against the baseline, when the differential graph is shown; else null. */
	private Map<FlameGraph.Frame, Double> changes;
	private Investigation.Baseline shownBaseline;

	@Inject
	public FlameGraphPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(2, 2).spacing(2, 2).applyTo(parent);
		Composite bar = Widgets.bar(parent, 5);
		Widgets.button(bar, Messages.FLAME_RESET, Messages.FLAME_RESET_TIP, () -> zoomInto(null));
		Widgets.button(bar, Messages.FLAME_PNG, null, this::exportPng);
		Widgets.button(bar, Messages.FLAME_SVG, null, this::exportSvg);
		againstBaseline = new Button(bar, SWT.CHECK);
		againstBaseline.setText(Messages.FLAME_AGAINST_BASELINE);
		againstBaseline.setToolTipText(Messages.FLAME_AGAINST_BASELINE_TIP);
		againstBaseline.addListener(SWT.Selection, e -> reload());
		status = new Label(bar, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(status);
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.BORDER);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas);
		canvas.addListener(SWT.Paint, e -> FlamePainter.paint(e.gc, canvas.getClientArea(), boxes, Messages.FLAME_EMPTY, changes));
		canvas.addListener(SWT.Resize, e -> relayout());
		canvas.addListener(SWT.MouseMove, e -> {
			FlamePainter.Box b = FlamePainter.at(boxes, e.x, e.y);
			canvas.setToolTipText(b == null ? null : FlamePainter.describe(b.frame(), changes == null ? null : changes.get(b.frame())));
		});
		canvas.addListener(SWT.MouseUp, e -> {
			if (e.button == 1) {
				clickAt(e.x, e.y);
			}
		});
		investigation.addListener(listener);
		load();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.GROUP || change == Investigation.Change.ANALYSIS
				|| change == Investigation.Change.COMPARISON) {
			sync.asyncExec(() -> {
				if (!canvas.isDisposed()) {
					load();
				}
			});
		}
	}

	private void reload() {
		shownGroup = null;
		load();
	}

	private void load() {
		AnalysisReport.Group g = investigation.group().orElse(null);
		Investigation.Baseline baseline = investigation.baseline().filter(b -> !b.traces().isEmpty()).orElse(null);
		againstBaseline.setEnabled(baseline != null);
		boolean differential = baseline != null && againstBaseline.getSelection();
		if (g == shownGroup && flame != null && (differential ? baseline == shownBaseline : changes == null)) {
			return;
		}
		shownGroup = g;
		shownBaseline = differential ? baseline : null;
		if (g == null) {
			show(null, null, null);
			return;
		}
		var traces = investigation.tracesOf(g);
		Investigation.Sample sample = differential ? baseline.sampleFor(g) : null;
		Job.create(String.format(Locale.ROOT, Messages.FLAME_JOB, g.group().id()), m -> {
			FlameGraph f = FlameGraph.of(traces);
			Map<FlameGraph.Frame, Double> c = sample == null ? null : f.changesFrom(FlameGraph.of(sample.traces()));
			sync.asyncExec(() -> {
				if (!canvas.isDisposed() && shownGroup == g) {
					show(f, c, sample);
				}
			});
			return Status.OK_STATUS;
		}).schedule();
	}

	private void show(FlameGraph f, Map<FlameGraph.Frame, Double> c, Investigation.Sample sample) {
		flame = f;
		changes = sample == null || sample.traces().isEmpty() ? null : c;
		top = f == null ? null : f.root();
		String text = f == null || shownGroup == null ? ""
				: String.format(Locale.ROOT, Messages.FLAME_STATUS, shownGroup.group().id(), shownGroup.group().requestType(),
						f.traces(), f.root().meanNanos() / 1e6);
		if (f != null && shownGroup != null && changes == null) {
			text += Messages.FLAME_COLOUR_SHARE;
		}
		if (f != null && shownGroup != null && sample != null) {
			text += sample.traces().isEmpty()
					? String.format(Locale.ROOT, Messages.FLAME_NO_BASELINE_TRACES, shownGroup.group().requestType())
					: String.format(Locale.ROOT, Messages.FLAME_AGAINST, sample.traces().size(), sample.scope(),
							c.get(f.root()) / 1e6);
		}
		status.setText(text);
		status.getParent().layout();
		relayout();
	}

	/** Shows a frame and what is under it across the whole width; null shows the whole request again. */
	public void zoomInto(FlameGraph.Frame frame) {
		top = frame != null ? frame : flame == null ? null : flame.root();
		relayout();
	}

	private void relayout() {
		boxes = FlamePainter.layout(top, canvas.getClientArea());
		canvas.redraw();
	}

	// what the tests read

	public FlameGraph flame() {
		return flame;
	}

	/** The frame shown across the whole width. */
	public FlameGraph.Frame top() {
		return top;
	}

	public List<FlamePainter.Box> boxes() {
		return boxes;
	}

	/** Each frame's change against the baseline, when the differential graph is shown; else null. */
	public Map<FlameGraph.Frame, Double> changes() {
		return changes;
	}

	/** Whether the Against baseline check box can be ticked (a baseline with kept traces is set). */
	public boolean againstBaselineEnabled() {
		return againstBaseline.isEnabled();
	}

	/** The status line above the graph. */
	public String status() {
		return status.getText();
	}

	/** Shows the graph against the baseline (the check box), or not. */
	public void showAgainstBaseline(boolean on) {
		againstBaseline.setSelection(on);
		reload();
	}

	/**
	 * Clicks at a point, as the mouse does: zooms into the frame (out again on the top frame) and selects, in the
	 * other views, the group's critical-path edge of the frame's span that weighs most.
	 */
	public void clickAt(int x, int y) {
		FlamePainter.Box b = FlamePainter.at(boxes, x, y);
		if (b == null) {
			return;
		}
		boolean out = b.frame() == top;
		zoomInto(out ? null : b.frame());
		AnalysisReport.Group g = shownGroup;
		int position = out || g == null ? -1 : edgePosition(g, b.frame().name());
		if (position >= 0) {
			investigation.selectEdge(g, position);
		}
	}

	/**
	 * The critical-path position, on the group's representative, of the edge from or to a span's tracepoint that
	 * weighs most in the group (its share of the variance, or of the time for a slow group); -1 when none is on the
	 * representative's path.
	 */
	static int edgePosition(AnalysisReport.Group g, String tracepoint) {
		int best = -1;
		double weight = Double.NEGATIVE_INFINITY;
		for (EdgeShare e : g.edges()) {
			if (e.position() >= 0 && (tracepoint.equals(e.from()) || tracepoint.equals(e.to())) && g.weight(e) > weight) {
				weight = g.weight(e);
				best = e.position();
			}
		}
		return best;
	}

	private void exportPng() {
		String file = ask("flame-graph.png");
		if (file == null) {
			return;
		}
		Rectangle area = canvas.getClientArea();
		Rectangle size = new Rectangle(0, 0, Math.max(area.width, 400), Math.max(area.height, 200));
		Image image = new Image(canvas.getDisplay(), size.width, size.height);
		GC gc = new GC(image);
		try {
			FlamePainter.paint(gc, size, FlamePainter.layout(top, size), Messages.FLAME_EMPTY, changes);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file, SWT.IMAGE_PNG);
		} catch (RuntimeException e) {
			Widgets.exportFailed(canvas.getShell(), file, e);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	private void exportSvg() {
		String file = ask("flame-graph.svg");
		if (file == null || flame == null) {
			return;
		}
		try (Writer w = Files.newBufferedWriter(java.nio.file.Path.of(file), StandardCharsets.UTF_8)) {
			flame.writeSvg(w, top, Math.max(800, canvas.getClientArea().width), changes);
		} catch (java.io.IOException | RuntimeException e) {
			Widgets.exportFailed(canvas.getShell(), file, e);
		}
	}

	private String ask(String suggested) {
		FileDialog d = new FileDialog(canvas.getShell(), SWT.SAVE);
		d.setFileName(suggested);
		d.setOverwrite(true);
		return d.open();
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}
}
