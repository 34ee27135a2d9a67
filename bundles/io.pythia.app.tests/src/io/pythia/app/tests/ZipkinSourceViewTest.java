// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceImporter;
import io.pythia.services.Investigation;
import io.pythia.services.TraceSourceList;
import io.pythia.services.ZipkinJob;
import io.pythia.ui.internal.parts.ZipkinDialog;

/**
 * File &gt; Open from Zipkin... in the real workbench: the dialog refuses what is no Zipkin address, and the job reads
 * every service's traces into a file that is opened as a trace source. The server here is a loopback HTTP server
 * that answers Zipkin's query API with the real shared Zipkin traces and fails the last service's query, as a
 * server going down part way would; the CLI's ZipkinSourceTest runs the same client against a real Zipkin server.
 */
class ZipkinSourceViewTest {

	private static final Path TRACES = Path.of(System.getProperty("pythia.shared", "../shared"), "traces", "zipkin");

	private static void answer(HttpExchange x, int status, String body) throws IOException {
		byte[] b = body.getBytes(StandardCharsets.UTF_8);
		x.sendResponseHeaders(status, b.length);
		x.getResponseBody().write(b);
		x.close();
	}

	@Test
	void openFromZipkinOpensWhatTheServerAnswered() throws Exception {
		List<Path> files;
		try (Stream<Path> list = Files.list(TRACES)) {
			files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		List<String> traces = new ArrayList<>();
		for (Path f : files) {
			traces.add(Files.readString(f));
		}
		// what the workbench should show: the analysis of every file but the last, whose service fails
		Analysis expected = new Analysis(AnalysisOptions.DEFAULTS);
		new TraceImporter().readAll(files.subList(0, files.size() - 1), TraceSink.of(expected::accept, expected::warn));

		HttpServer zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		zipkin.createContext("/api/v2/services", x -> {
			List<String> names = new ArrayList<>();
			for (int i = 0; i < files.size(); i++) {
				names.add("\"s" + i + "\"");
			}
			answer(x, 200, "[" + String.join(",", names) + "]");
		});
		zipkin.createContext("/api/v2/traces", x -> { // service s<i> has the i-th file's trace; the last one fails
			String q = x.getRequestURI().getRawQuery();
			int i = q.startsWith("serviceName=s") ? Integer.parseInt(q.substring(13, q.indexOf('&'))) : -1;
			if (i == files.size() - 1) {
				answer(x, 503, "storage unavailable");
			} else {
				answer(x, 200, i < 0 ? "[]" : "[" + traces.get(i) + "]");
			}
		});
		zipkin.start();
		Map<String, Object> seen = new LinkedHashMap<>();
		try {
			String url = "http://127.0.0.1:" + zipkin.getAddress().getPort() + "/";
			WorkbenchRun.run(r -> {
				ZipkinDialog dialog = new ZipkinDialog(r.shell());
				dialog.setBlockOnOpen(false);
				dialog.open();
				List<Text> fields = InvestigationViewsTest.all((Composite) dialog.getShell(), Text.class).stream()
						.filter(t -> (t.getStyle() & SWT.BORDER) != 0).toList();
				Button ok = dialog.getShell().getDefaultButton();
				fields.get(0).setText("127.0.0.1:9411"); // no scheme
				seen.put("okWithoutScheme", ok.isEnabled());
				seen.put("errorWithoutScheme", dialog.getErrorMessage());
				fields.get(0).setText(url);
				fields.get(1).setText("0");
				seen.put("errorZeroMinutes", dialog.getErrorMessage());
				fields.get(1).setText(Long.toString(Duration.ofDays(365L * 30).toMinutes()));
				fields.get(2).setText("50");
				seen.put("okAfterFix", ok.isEnabled());
				WorkbenchWindowTest.saveScreenshot(r.display(), dialog.getShell().getBounds(), "zipkin-dialog.png");
				ok.notifyListeners(SWT.Selection, new Event());
				ZipkinDialog.Request request = dialog.request();
				seen.put("request", request);

				// what the handler does with the answer
				var ctx = r.application().getContext();
				Investigation investigation = ctx.get(Investigation.class);
				ZipkinJob job = new ZipkinJob(request.server(), request.lookback(), request.limitPerService(),
						ctx.get(TraceSourceList.class), investigation);
				job.schedule();
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> job.getResult() != null, 60_000), "the job ended");
				seen.put("status", job.getResult());
				seen.put("file", job.fetched());
				seen.put("sources", ctx.get(TraceSourceList.class).paths());
				WorkbenchRun.spinUntil(r.display(), () -> investigation.analysed()
						.filter(a -> a.report().traces() == expected.report().traces()).isPresent(), 30_000);
				seen.put("traces", investigation.analysed().map(a -> a.report().traces()).orElse(-1L));
				seen.put("groups", investigation.analysed().map(a -> a.report().groups().size()).orElse(-1));
			});
		} finally {
			zipkin.stop(0);
		}
		assertFalse((boolean) seen.get("okWithoutScheme"), "no scheme, no OK");
		assertTrue(((String) seen.get("errorWithoutScheme")).contains("no http(s) address"), (String) seen.get("errorWithoutScheme"));
		assertTrue(((String) seen.get("errorZeroMinutes")).contains("whole numbers of at least 1"), (String) seen.get("errorZeroMinutes"));
		assertTrue((boolean) seen.get("okAfterFix"));
		ZipkinDialog.Request request = (ZipkinDialog.Request) seen.get("request");
		assertNotNull(request);
		assertEquals(50, request.limitPerService());
		IStatus status = (IStatus) seen.get("status");
		assertEquals(IStatus.WARNING, status.getSeverity(), status.toString());
		assertTrue(status.getMessage().contains("HTTP 503") && status.getMessage().contains("storage unavailable"), status.getMessage());
		Path file = (Path) seen.get("file");
		assertTrue(file != null && Files.isRegularFile(file) && file.startsWith(ZipkinJob.downloadsFolder()), String.valueOf(file));
		assertTrue(((List<?>) seen.get("sources")).contains(file), "the fetched file is a trace source: " + seen.get("sources"));
		assertEquals(expected.report().traces(), seen.get("traces"), "the traces read before the failure are analysed");
		assertEquals(expected.report().groups().size(), seen.get("groups"));
		assertTrue(expected.report().traces() >= 8);
	}
}
