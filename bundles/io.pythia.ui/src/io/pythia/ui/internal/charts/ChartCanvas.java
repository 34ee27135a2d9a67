// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.charts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.jfree.chart.JFreeChart;

/**
 * A canvas showing one JFreeChart, drawn into an image of the canvas's size (charts are small: drawn on the UI
 * thread). The owner says what to show again when the canvas is resized; the image goes with the canvas.
 */
public final class ChartCanvas {

	private final Canvas canvas;
	private Image image;
	private JFreeChart chart;

	/** @param onResize what the owner does when the canvas changes size: usually {@link #show} its chart again */
	public ChartCanvas(Composite parent, Runnable onResize) {
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
		canvas.addListener(SWT.Paint, e -> {
			if (image != null) {
				e.gc.drawImage(image, 0, 0);
			}
		});
		canvas.addListener(SWT.Resize, e -> onResize.run());
		canvas.addListener(SWT.Dispose, e -> {
			if (image != null) {
				image.dispose();
			}
		});
	}

	/** Shows a chart at the canvas's size (kept for export even while the canvas is too small to draw it). */
	public void show(JFreeChart shown) {
		chart = shown;
		Rectangle area = canvas.getClientArea();
		if (canvas.isDisposed() || area.width < 10 || area.height < 10) {
			return;
		}
		if (image != null) {
			image.dispose();
		}
		image = new Image(canvas.getDisplay(), ChartImages.toImageData(Charts.image(chart, area.width, area.height)));
		canvas.redraw();
	}

	/** The chart shown, or null before the first. */
	public JFreeChart chart() {
		return chart;
	}

	public Canvas control() {
		return canvas;
	}

	public boolean isDisposed() {
		return canvas.isDisposed();
	}
}
