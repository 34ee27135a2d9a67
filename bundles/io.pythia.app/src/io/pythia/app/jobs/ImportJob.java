// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

import io.pythia.app.TraceSourceList;
import io.pythia.app.model.Investigation;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.TraceImporter;

/**
 * Reads the opened trace sources and analyses them, off the UI thread, with progress per file and cancel; on
 * success the investigation gets the new analysis (a cancelled import leaves the previous one in place).
 */
public final class ImportJob extends Job {

	/** Events kept in memory for drawing graphs and distributions (about 100 bytes each). */
	static final long KEPT_EVENTS = 4_000_000;

	private final List<Path> sources;
	private final AnalysisOptions options;
	private final Investigation investigation;

	public ImportJob(List<Path> sources, AnalysisOptions options, Investigation investigation) {
		super("Importing traces");
		this.sources = List.copyOf(sources);
		this.options = options;
		this.investigation = investigation;
		setUser(true);
	}

	/**
	 * Adds paths to the investigation's sources and re-imports all of them: the groups are those of everything
	 * opened so far.
	 */
	public static ImportJob open(TraceSourceList sources, Investigation investigation, List<Path> paths) {
		sources.addAll(paths);
		ImportJob job = new ImportJob(sources.paths(), AnalysisOptions.DEFAULTS
				.withCvThreshold(investigation.settings().cvThreshold()).withMinTraces(investigation.settings().minTraces()),
				investigation);
		job.schedule();
		return job;
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		long start = System.nanoTime();
		List<Path> files;
		try {
			files = TraceImporter.expand(sources);
		} catch (IOException e) {
			return Status.error("Cannot list the trace sources: " + e.getMessage(), e);
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Importing " + files.size() + " trace file(s)", files.size());
		Analysis analysis = new Analysis(options);
		Investigation.TraceKeeper keeper = new Investigation.TraceKeeper(KEPT_EVENTS);
		long[] count = new long[1];
		TraceSink sink = new TraceSink() {
			@Override
			public void trace(Trace trace) {
				analysis.accept(trace);
				keeper.offer(trace);
				if (++count[0] % 1000 == 0 && progress.isCanceled()) {
					throw new OperationCanceledException();
				}
			}

			@Override
			public void warning(TraceWarning warning) {
				analysis.warn(warning);
			}
		};
		TraceImporter importer = new TraceImporter();
		List<String> errors = new ArrayList<>();
		try {
			for (Path f : files) {
				if (progress.isCanceled()) {
					return Status.CANCEL_STATUS;
				}
				progress.subTask(f.getFileName() + " (" + count[0] + " traces so far)");
				try {
					importer.read(f, sink);
				} catch (TraceFormatException e) {
					errors.add(e.getMessage());
				} catch (IOException e) {
					errors.add(f + ": cannot be read: " + e.getMessage());
				}
				progress.worked(1);
			}
		} catch (OperationCanceledException e) {
			return Status.CANCEL_STATUS;
		}
		investigation.setAnalysed(new Investigation.Analysed(analysis.report(), files.size(), List.copyOf(errors),
				keeper.kept(), keeper.dropped(), (System.nanoTime() - start) / 1_000_000));
		return Status.OK_STATUS;
	}
}
