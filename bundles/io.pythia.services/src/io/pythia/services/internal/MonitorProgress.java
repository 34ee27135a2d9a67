// SPDX-License-Identifier: EPL-2.0
package io.pythia.services.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.pythia.core.Progress;

/** The plain-Java layers' {@link Progress} shown by an Eclipse job's progress monitor, cancel included. */
public final class MonitorProgress implements Progress {

	private final IProgressMonitor monitor;
	private SubMonitor sub;

	public MonitorProgress(IProgressMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void begin(String task, int totalWork) {
		sub = SubMonitor.convert(monitor, task, Math.max(0, totalWork));
	}

	@Override
	public void subTask(String name) {
		(sub == null ? monitor : sub).subTask(name);
	}

	@Override
	public void worked(int work) {
		if (sub != null) {
			sub.worked(work);
		}
	}

	@Override
	public boolean isCanceled() {
		return monitor.isCanceled();
	}

	@Override
	public void done() {
		monitor.done();
	}
}
