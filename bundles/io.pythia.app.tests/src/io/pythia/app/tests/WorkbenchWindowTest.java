// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;

import io.pythia.services.BuildInfo;
import io.pythia.services.TraceSourceList;
import io.pythia.ui.internal.handlers.AboutHandler;

/** The product's real e4 window: title, perspective parts, menus, the sources view, a screenshot. */
class WorkbenchWindowTest {

	private static final List<String> PARTS = List.of("Trace sources", "Request groups", "Instrumentation",
			"Span timeline", "Workflow graph", "Variance heatmap", "Flame graph", "Proposals", "Cycle history", "Findings", "Changes");

	@Test
	void mainWindowShowsTitlePartsAndMenus() throws Exception {
		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			seen.put("label", r.window().getLabel());
			seen.put("shell", r.shell().getText().strip()); // e4 appends a space to the shell title
			EModelService models = r.application().getContext().get(EModelService.class);
			EPartService parts = r.window().getContext().get(EPartService.class);
			List<String> labels = new ArrayList<>();
			for (MPart part : models.findElements(r.window(), null, MPart.class)) {
				labels.add(part.getLabel());
				parts.showPart(part, EPartService.PartState.VISIBLE); // render the ones behind a tab, too
				seen.put("rendered:" + part.getLabel(), part.getWidget() instanceof Control);
			}
			seen.put("parts", labels);
			MPart graph = models.findElements(r.window(), "io.pythia.app.part.graph", MPart.class).get(0);
			seen.put("graphText", labelsUnder((Composite) graph.getWidget()));
			seen.put("menus", menuLabels(r.window().getMainMenu()));
			saveScreenshot(r.display(), r.shell().getBounds(), "workbench-window.png");
		});
		assertEquals("Pythia Workbench", seen.get("label"));
		assertEquals("Pythia Workbench", seen.get("shell"));
		assertEquals(PARTS, seen.get("parts"));
		for (String part : PARTS) {
			assertEquals(Boolean.TRUE, seen.get("rendered:" + part), part + " has no control");
		}
		String graphText = (String) seen.get("graphText");
		assertTrue(graphText.contains("No trace"), "the empty workflow graph says what to do: " + graphText);
		assertEquals("File[Open Traces..., Open from Zipkin..., Connect to System..., Connect to Lab, Compare with Baseline..., Open Session..., Export..., -, Exit] Window[Preferences...] Help[Keys, About Pythia Workbench]",
				seen.get("menus"));
	}

	/** First start: nine tenths of the screen, centred; the next start: where the window was at exit. */
	@Test
	void theWindowFitsTheScreenAtFirstStartAndKeepsItsPlace() throws Exception {
		Path placement = io.pythia.services.WindowPlacement.file();
		Files.deleteIfExists(placement);
		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			seen.put("screen", r.display().getPrimaryMonitor().getClientArea());
			seen.put("first", r.shell().getBounds());
		});
		Rectangle screen = (Rectangle) seen.get("screen");
		Rectangle first = (Rectangle) seen.get("first");
		assertEquals(screen.width * 9 / 10, first.width, 2, first + " on " + screen);
		assertEquals(screen.height * 9 / 10, first.height, 40, first + " on " + screen); // a title bar, if a window manager runs
		assertTrue(Files.isRegularFile(placement), "the place is saved at exit");
		new io.pythia.services.WindowPlacement(30, 20, 900, 640).save();
		WorkbenchRun.run(r -> seen.put("second", r.shell().getBounds()));
		Rectangle second = (Rectangle) seen.get("second");
		assertEquals(900, second.width, 2, second.toString());
		assertEquals(640, second.height, 40, second.toString());
		Files.deleteIfExists(placement); // the other tests start as at a first start
	}

	@Test
	void openedTracesAppearInTheSourcesView() throws Exception {
		Path traces = Path.of(System.getProperty("pythia.shared", "../shared"), "traces", "jaeger-synthetic");
		List<Path> files;
		try (var list = Files.list(traces)) {
			files = list.filter(Files::isRegularFile).sorted().limit(3).collect(Collectors.toList());
		}
		assertFalse(files.isEmpty(), "test traces under " + traces);
		List<String> rows = new ArrayList<>();
		WorkbenchRun.run(r -> {
			TraceSourceList sources = r.application().getContext().get(TraceSourceList.class);
			sources.addAll(files); // what File > Open Traces does with the dialog's answer
			sources.addAll(files.subList(0, 1)); // opening a file twice lists it once
			EModelService models = r.application().getContext().get(EModelService.class);
			MPart part = models.findElements(r.window(), "io.pythia.app.part.sources", MPart.class).get(0);
			Table table = find((Composite) part.getWidget(), Table.class);
			WorkbenchRun.spinUntil(r.display(), () -> table.getItemCount() == files.size(), 5_000);
			for (var item : table.getItems()) {
				rows.add(item.getText(0) + "|" + item.getText(1));
			}
			saveScreenshot(r.display(), r.shell().getBounds(), "workbench-sources.png");
		});
		assertEquals(files.size(), rows.size(), "rows: " + rows);
		for (int i = 0; i < files.size(); i++) {
			assertTrue(rows.get(i).startsWith(files.get(i).getFileName() + "|"), rows.get(i));
			assertTrue(rows.get(i).matches(".*\\|\\d+(\\.\\d)? (B|KiB|MiB)"), "size column: " + rows.get(i));
		}
	}

	@Test
	void aboutNamesVersionAndBuild() {
		BuildInfo info = BuildInfo.ofRunningProduct();
		assertEquals("0.1.0", info.version());
		// the build stamps its qualifier (yyyyMMddHHmm): About shows it as a date
		assertTrue(info.build().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC"), info.build());
		String text = AboutHandler.aboutText(info);
		assertTrue(text.startsWith("Pythia Workbench 0.1.0\nBuild " + info.build()), text);
		assertTrue(text.contains("Java " + System.getProperty("java.version")), text);
	}

	private static String menuLabels(MMenu menu) {
		return menu.getChildren().stream().map(m -> strip(m.getLabel()) + "["
				+ ((MMenu) m).getChildren().stream().map(WorkbenchWindowTest::itemLabel).collect(Collectors.joining(", "))
				+ "]").collect(Collectors.joining(" "));
	}

	private static String itemLabel(MMenuElement e) {
		return e.getLabel() == null ? "-" : strip(e.getLabel());
	}

	private static String strip(String mnemonicLabel) {
		return mnemonicLabel.replace("&", "");
	}

	private static String labelsUnder(Composite c) {
		StringBuilder sb = new StringBuilder();
		for (Control child : c.getChildren()) {
			if (child instanceof Label l) {
				sb.append(l.getText()).append('\n');
			} else if (child instanceof Composite cc) {
				sb.append(labelsUnder(cc));
			}
		}
		return sb.toString();
	}

	private static <T extends Control> T find(Composite c, Class<T> type) {
		for (Control child : c.getChildren()) {
			if (type.isInstance(child)) {
				return type.cast(child);
			}
			if (child instanceof Composite cc) {
				T found = find(cc, type);
				if (found != null) {
					return found;
				}
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " under " + c);
	}

	/** Copies the window's pixels from the screen into a PNG under target/screenshots. */
	static void saveScreenshot(Display display, Rectangle bounds, String name) {
		// let pending paints land before copying the screen
		WorkbenchRun.spinUntil(display, () -> false, 500);
		Image image = new Image(display, bounds.width, bounds.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, bounds.x, bounds.y);
			Path dir = Path.of(System.getProperty("pythia.screenshots", "target/screenshots"));
			Files.createDirectories(dir);
			ImageLoader loader = new ImageLoader();
			loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
			loader.save(dir.resolve(name).toString(), SWT.IMAGE_PNG);
		} catch (java.io.IOException e) {
			throw new AssertionError("cannot save screenshot " + name, e);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}
}
