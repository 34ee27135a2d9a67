// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Runs the real e4 workbench of the product (its Application.e4xmi and CSS) on the calling thread, waits for the
 * main window to be visible, hands it to a probe on the UI thread, then closes the workbench.
 */
final class WorkbenchRun {

	static final String MAIN_WINDOW_ID = "io.pythia.app.window.main";
	private static final long WINDOW_TIMEOUT_MS = 60_000;

	/** What the probe sees: the running workbench and its main window's shell. */
	record Running(IWorkbench workbench, MApplication application, MWindow window, Shell shell, Display display) {
	}

	/**
	 * Starts the workbench, runs {@code probe} once the main window shows, closes the workbench.
	 *
	 * @return the application's exit code
	 * @throws AssertionError with the probe's failure, or when the window never appeared
	 */
	static Object run(Consumer<Running> probe) throws Exception {
		return run(List.of(), probe);
	}

	/** The same, with program arguments (what follows the launcher on its command line). */
	static Object run(List<String> args, Consumer<Running> probe) throws Exception {
		IProduct product = Platform.getProduct();
		if (product == null) {
			throw new AssertionError("no product: tycho-surefire must start with -product io.pythia.app.product");
		}
		Display display = Display.getDefault(); // E4Application reuses the default display
		BundleContext bc = FrameworkUtil.getBundle(WorkbenchRun.class).getBundleContext();
		List<Throwable> failures = new ArrayList<>();
		long deadline = System.currentTimeMillis() + WINDOW_TIMEOUT_MS;

		Runnable waitForWindow = new Runnable() {
			@Override
			public void run() {
				ServiceReference<IWorkbench> ref = bc.getServiceReference(IWorkbench.class);
				IWorkbench wb = ref == null ? null : bc.getService(ref);
				MWindow window = wb == null ? null
						: wb.getApplication().getChildren().stream()
								.filter(w -> MAIN_WINDOW_ID.equals(w.getElementId())).findFirst().orElse(null);
				if (window == null || !(window.getWidget() instanceof Shell shell) || !shell.isVisible()) {
					if (System.currentTimeMillis() < deadline) {
						display.timerExec(200, this);
						return;
					}
					failures.add(new AssertionError("the main window did not appear within " + WINDOW_TIMEOUT_MS + " ms"));
					if (wb != null) {
						wb.close();
					} else {
						display.dispose();
					}
					return;
				}
				try {
					probe.accept(new Running(wb, wb.getApplication(), window, shell, display));
				} catch (Throwable t) {
					failures.add(t);
				} finally {
					wb.close(); // makes E4Application.start return
				}
			}
		};
		display.timerExec(300, waitForWindow);
		List<String> all = new ArrayList<>(List.of("-clearPersistedState"));
		all.addAll(args);
		Object exit = new E4Application().start(new ProductContext(product, all.toArray(String[]::new)));
		if (!failures.isEmpty()) {
			Throwable first = failures.get(0);
			throw first instanceof AssertionError ae ? ae : new AssertionError(first);
		}
		if (!IApplication.EXIT_OK.equals(exit)) {
			throw new AssertionError("workbench exit code " + exit);
		}
		return exit;
	}

	/** Runs the display's event loop until {@code done} holds or the timeout passes; for use inside a probe. */
	static boolean spinUntil(Display display, java.util.function.BooleanSupplier done, long timeoutMs) {
		long end = System.currentTimeMillis() + timeoutMs;
		while (!done.getAsBoolean()) {
			if (System.currentTimeMillis() > end) {
				return false;
			}
			if (!display.readAndDispatch()) {
				display.timerExec(50, () -> { }); // sleep() waits for an event: make sure one comes
				display.sleep();
			}
		}
		return true;
	}

	/** The branding of the product (applicationXMI, applicationCSS) plus program arguments. */
	private record ProductContext(IProduct product, String... args) implements IApplicationContext {
		@Override
		public Map<String, Object> getArguments() {
			return Map.of(IApplicationContext.APPLICATION_ARGS, args);
		}

		@Override
		public void applicationRunning() {
		}

		@Override
		public String getBrandingApplication() {
			return product.getApplication();
		}

		@Override
		public String getBrandingName() {
			return product.getName();
		}

		@Override
		public String getBrandingDescription() {
			return product.getDescription();
		}

		@Override
		public String getBrandingId() {
			return product.getId();
		}

		@Override
		public String getBrandingProperty(String key) {
			return product.getProperty(key);
		}

		@Override
		public Bundle getBrandingBundle() {
			return product.getDefiningBundle();
		}

		@Override
		public void setResult(Object result, IApplication application) {
		}
	}
}
