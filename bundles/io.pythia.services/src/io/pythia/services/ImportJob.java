// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.pythia.services.TraceSourceList;
import io.pythia.services.Investigation;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.services.internal.Messages;
import io.pythia.services.internal.MonitorProgress;
import io.pythia.investigation.TraceAnalysis;

/**
 * Reads the opened trace sources and analyses them, off the UI thread, with progress per file and cancel; on
 * success the investigation gets the new analysis (a cancelled import leaves the previous one in place).
 */
public final class ImportJob extends Job {

	private final List<Path> sources;
	private final AnalysisOptions options;
	private final Investigation investigation;

	public ImportJob(List<Path> sources, AnalysisOptions options, Investigation investigation) {
		super(Messages.IMPORT_JOB);
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
		ImportJob job = new ImportJob(sources.paths(), investigation.settings().analysis(), investigation);
		job.schedule();
		return job;
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		try {
			TraceAnalysis.Result r = TraceAnalysis.ofFiles(sources, options, Investigation.KEPT_EVENTS,
					new MonitorProgress(monitor));
			investigation.setAnalysed(new Investigation.Analysed(r));
			return Status.OK_STATUS;
		} catch (CancellationException e) {
			return Status.CANCEL_STATUS; // the previous analysis stays
		} catch (IOException e) {
			return Status.error(String.format(java.util.Locale.ROOT, Messages.IMPORT_CANNOT_LIST, e.getMessage()), e);
		}
	}
}
