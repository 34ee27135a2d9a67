// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Named;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import io.pythia.services.Investigation;
import io.pythia.core.analysis.LeanTraces;
import io.pythia.core.trace.Trace;
import io.pythia.importers.TraceWriter;
import io.pythia.investigation.ReportWriter;
import io.pythia.ui.internal.Messages;

/**
 * File &gt; Export...: the group report (JSON or CSV) or the selected group's lean traces (Jaeger JSON or OTLP
 * JSON, each trace cut to its critical path). Charts export from the heatmap view's buttons.
 */
public class ExportHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Investigation investigation) {
		var analysed = investigation.analysed();
		if (analysed.isEmpty()) {
			MessageDialog.openInformation(shell, Messages.EXPORT_TITLE, Messages.EXPORT_NOTHING);
			return;
		}
		FileDialog dialog = new FileDialog(shell, SWT.SAVE);
		dialog.setText(Messages.EXPORT_TITLE);
		dialog.setOverwrite(true);
		dialog.setFilterNames(new String[] { Messages.EXPORT_REPORT_JSON, Messages.EXPORT_REPORT_CSV,
				Messages.EXPORT_LEAN_JAEGER, Messages.EXPORT_LEAN_OTLP });
		dialog.setFilterExtensions(new String[] { "*.json", "*.csv", "*.json", "*.json" });
		dialog.setFileName("pythia-groups.json");
		String file = dialog.open();
		if (file == null) {
			return;
		}
		int kind = dialog.getFilterIndex();
		List<Trace> traces = investigation.group().map(investigation::tracesOf).orElse(List.of());
		if (kind >= 2 && traces.isEmpty()) {
			MessageDialog.openInformation(shell, Messages.EXPORT_TITLE, Messages.EXPORT_NO_GROUP);
			return;
		}
		var a = analysed.get();
		write(shell, Path.of(file), out -> {
			switch (kind) {
			case 1 -> ReportWriter.csv(a.report(), out);
			case 2 -> TraceWriter.writeJaeger(traces.stream().map(LeanTraces::criticalPath).toList(), out);
			case 3 -> TraceWriter.writeOtlp(traces.stream().map(LeanTraces::criticalPath).toList(), out);
			default -> ReportWriter.json(a.report(), a.imports(), a.rejected(), out);
			}
		});
	}

	/** Writes traces cut to their critical paths (lean traces), as Jaeger JSON or OTLP JSON, in a job. */
	public static Job writeLean(Shell shell, List<Trace> traces, Path file, boolean otlp) {
		return write(shell, file, out -> {
			List<Trace> lean = traces.stream().map(LeanTraces::criticalPath).toList();
			if (otlp) {
				TraceWriter.writeOtlp(lean, out);
			} else {
				TraceWriter.writeJaeger(lean, out);
			}
		});
	}

	private interface Writing {
		void to(OutputStream out) throws IOException;
	}

	/** The writing runs in a job: a big export must not freeze the window. A failure is said in a dialog. */
	private static Job write(Shell shell, Path path, Writing writing) {
		String file = path.toString();
		Job job = Job.create(String.format(Locale.ROOT, Messages.EXPORT_JOB, file), (IProgressMonitor m) -> {
			try (OutputStream out = Files.newOutputStream(path)) {
				writing.to(out);
				return Status.OK_STATUS;
			} catch (IOException | RuntimeException e) {
				shell.getDisplay().asyncExec(() -> {
					if (!shell.isDisposed()) {
						MessageDialog.openError(shell, Messages.EXPORT_FAILED, String.format(Locale.ROOT, Messages.CANNOT_WRITE, file, e.getMessage()));
					}
				});
				return Status.warning(String.format(Locale.ROOT, Messages.CANNOT_WRITE, file, e.getMessage()), e);
			}
		});
		job.schedule();
		return job;
	}
}
