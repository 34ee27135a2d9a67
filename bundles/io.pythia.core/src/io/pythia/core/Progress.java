// SPDX-License-Identifier: EPL-2.0
package io.pythia.core;

import java.util.concurrent.CancellationException;

/**
 * Progress and cancellation of long work, as the plain-Java layers report it: the workbench bridges it to Eclipse's
 * progress monitors, the command line to a progress line. Work that sees {@link #isCanceled()} stops with a
 * {@link CancellationException}, leaving what it had not finished undone. (The shape of ELK's
 * {@code IElkProgressMonitor}, so that the core needs no Eclipse runtime.)
 */
public interface Progress {

	/** Progress nobody watches, never cancelled. */
	Progress NONE = cancelledWhen(() -> false);

	/** Progress nobody watches, cancelled once {@code cancelled} says so (a stop flag, another job's monitor). */
	static Progress cancelledWhen(java.util.function.BooleanSupplier cancelled) {
		return new Progress() {
			@Override
			public void begin(String task, int totalWork) {
			}

			@Override
			public void subTask(String name) {
			}

			@Override
			public void worked(int work) {
			}

			@Override
			public boolean isCanceled() {
				return cancelled.getAsBoolean();
			}
		};
	}

	/** Starts a task of {@code totalWork} units (0 when unknown). */
	void begin(String task, int totalWork);

	/** What part of the task runs now. */
	void subTask(String name);

	/** {@code work} more units are done. */
	void worked(int work);

	boolean isCanceled();

	/** The task is over, done or not. */
	default void done() {
	}

	/** Stops the work at hand when it was cancelled. */
	default void checkCanceled() {
		if (isCanceled()) {
			throw new CancellationException("cancelled");
		}
	}
}
