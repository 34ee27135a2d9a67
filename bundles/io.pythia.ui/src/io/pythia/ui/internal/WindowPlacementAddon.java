// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Monitor;

import io.pythia.services.WindowPlacement;

/**
 * Opens the main window where it was at the last exit, or, at the first start, at nine tenths of the primary
 * screen's work area, centred; and remembers its place at exit. It sets the window's model bounds before the window
 * is rendered (the renderer keeps them in step with the shell afterwards), and saves them when the workbench closes.
 */
public class WindowPlacementAddon {

	private MWindow window;

	@PostConstruct
	public void place(MApplication application, IEventBroker broker) {
		if (application.getChildren().isEmpty()) {
			return;
		}
		window = application.getChildren().get(0);
		Display display = Display.getCurrent();
		Rectangle screen = display == null ? null : display.getPrimaryMonitor().getClientArea();
		WindowPlacement saved = WindowPlacement.load().filter(w -> display == null || onScreen(display, w)).orElse(null);
		// the workbench says it is closing before it disposes anything: the window's place is saved then (an addon
		// need not be disposed, and the shell is made after this addon)
		broker.subscribe(UIEvents.UILifeCycle.APP_SHUTDOWN_STARTED, e -> remember());
		if (saved != null) {
			apply(saved);
		} else if (screen != null) {
			int width = screen.width * 9 / 10;
			int height = screen.height * 9 / 10;
			apply(new WindowPlacement(screen.x + (screen.width - width) / 2, screen.y + (screen.height - height) / 2,
					width, height));
		}
	}

	/** Whether a saved place still shows on one of today's monitors (one may have been unplugged). */
	private static boolean onScreen(Display display, WindowPlacement w) {
		Rectangle r = new Rectangle(w.x(), w.y(), w.width(), w.height());
		for (Monitor m : display.getMonitors()) {
			Rectangle shown = m.getClientArea().intersection(r);
			if (shown.width >= 200 && shown.height >= 100) {
				return true;
			}
		}
		return false;
	}

	private void apply(WindowPlacement w) {
		window.setX(w.x());
		window.setY(w.y());
		window.setWidth(w.width());
		window.setHeight(w.height());
	}

	@PreDestroy
	public void remember() {
		if (window != null && window.getWidth() > 0 && window.getHeight() > 0) {
			new WindowPlacement(window.getX(), window.getY(), window.getWidth(), window.getHeight()).save();
		}
	}
}
