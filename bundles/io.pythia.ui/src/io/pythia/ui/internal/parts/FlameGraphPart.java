// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
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
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.FlameGraph;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.Messages;
import io.pythia.ui.internal.charts.FlamePainter;

/**
 * The selected group's flame graph: its kept traces' critical-path time by calling context, a frame as wide as its
 * mean time and coloured by its share of the group's variance. Click a frame to zoom into it, Reset to come back;
 * exports to PNG and SVG. The frames are summed in a job.
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

	@Inject
	public FlameGraphPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(2, 2).spacing(2, 2).applyTo(parent);
		Composite bar = Widgets.bar(parent, 4);
		Widgets.button(bar, Messages.FLAME_RESET, Messages.FLAME_RESET_TIP, () -> zoomInto(null));
		Widgets.button(bar, Messages.FLAME_PNG, null, this::exportPng);
		Widgets.button(bar, Messages.FLAME_SVG, null, this::exportSvg);
		status = new Label(bar, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(status);
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.BORDER);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas);
		canvas.addListener(SWT.Paint, e -> FlamePainter.paint(e.gc, canvas.getClientArea(), boxes, Messages.FLAME_EMPTY));
		canvas.addListener(SWT.Resize, e -> relayout());
		canvas.addListener(SWT.MouseMove, e -> {
			FlamePainter.Box b = FlamePainter.at(boxes, e.x, e.y);
			canvas.setToolTipText(b == null ? null : FlamePainter.describe(b.frame()));
		});
		canvas.addListener(SWT.MouseUp, e -> {
			FlamePainter.Box b = FlamePainter.at(boxes, e.x, e.y);
			if (b != null && e.button == 1) {
				zoomInto(b.frame() == top ? null : b.frame());
			}
		});
		investigation.addListener(listener);
		load();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.GROUP || change == Investigation.Change.ANALYSIS) {
			sync.asyncExec(() -> {
				if (!canvas.isDisposed()) {
					load();
				}
			});
		}
	}

	private void load() {
		AnalysisReport.Group g = investigation.group().orElse(null);
		if (g == shownGroup && flame != null) {
			return;
		}
		shownGroup = g;
		if (g == null) {
			show(null);
			return;
		}
		var traces = investigation.tracesOf(g);
		Job.create(String.format(Locale.ROOT, Messages.FLAME_JOB, g.group().id()), m -> {
			FlameGraph f = FlameGraph.of(traces);
			sync.asyncExec(() -> {
				if (!canvas.isDisposed() && shownGroup == g) {
					show(f);
				}
			});
			return Status.OK_STATUS;
		}).schedule();
	}

	private void show(FlameGraph f) {
		flame = f;
		top = f == null ? null : f.root();
		status.setText(f == null || shownGroup == null ? ""
				: String.format(Locale.ROOT, Messages.FLAME_STATUS, shownGroup.group().id(), shownGroup.group().requestType(),
						f.traces(), f.root().meanNanos() / 1e6));
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

	/** Clicks at a point, as the mouse does. */
	public void clickAt(int x, int y) {
		FlamePainter.Box b = FlamePainter.at(boxes, x, y);
		if (b != null) {
			zoomInto(b.frame() == top ? null : b.frame());
		}
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
			FlamePainter.paint(gc, size, FlamePainter.layout(top, size), Messages.FLAME_EMPTY);
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
			flame.writeSvg(w, top, Math.max(800, canvas.getClientArea().width));
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
