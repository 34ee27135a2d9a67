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

import io.pythia.investigation.TraceAnalysis;
import io.pythia.services.internal.Messages;
import io.pythia.services.internal.MonitorProgress;

/**
 * Reads and analyses a baseline's trace files off the UI thread, with the investigation's settings, and makes it the
 * investigation's baseline: the current analysis is then compared with it (see
 * {@link io.pythia.core.analysis.Comparison}). Its traces are kept up to a quarter of the views' budget, for the
 * differential flame graph.
 */
public final class BaselineJob extends Job {

	private final List<Path> sources;
	private final Investigation investigation;

	public BaselineJob(List<Path> sources, Investigation investigation) {
		super(Messages.BASELINE_JOB);
		this.sources = List.copyOf(sources);
		this.investigation = investigation;
		setUser(true);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		try {
			TraceAnalysis.Result r = TraceAnalysis.ofFiles(sources, investigation.settings().analysis(),
					Investigation.KEPT_EVENTS / 4, new MonitorProgress(monitor));
			if (r.report().traces() == 0) {
				return Status.error(String.format(java.util.Locale.ROOT, Messages.BASELINE_EMPTY,
						String.join("; ", r.imports().errors().isEmpty() ? sources.stream().map(Path::toString).toList()
								: r.imports().errors().stream().map(e -> e.message()).toList())));
			}
			investigation.setBaseline(sources, r.report(), r.kept());
			return Status.OK_STATUS;
		} catch (CancellationException e) {
			return Status.CANCEL_STATUS;
		} catch (IOException e) {
			return Status.error(String.format(java.util.Locale.ROOT, Messages.IMPORT_CANNOT_LIST, e.getMessage()), e);
		}
	}
}
