// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.charts;

import java.awt.image.BufferedImage;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

/** Copies an AWT image (what JFreeChart draws into) to SWT image data. */
public final class ChartImages {

	private ChartImages() {
	}

	public static ImageData toImageData(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		ImageData data = new ImageData(w, h, 24, new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
		int[] row = new int[w];
		for (int y = 0; y < h; y++) {
			image.getRGB(0, y, w, 1, row, 0, w);
			for (int x = 0; x < w; x++) {
				row[x] &= 0xffffff;
			}
			data.setPixels(0, y, w, row, 0);
		}
		return data;
	}
}
