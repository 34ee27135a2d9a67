// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.PrintStream;
import java.util.Locale;

import io.pythia.core.Progress;

/**
 * Progress as one line on a terminal, rewritten in place ("reading 3/12: traces.json"); nothing when the output is
 * not a terminal, so files and pipes get only the report.
 */
final class ProgressLine implements Progress {

	private final PrintStream err;
	private String task = "";
	private int total;
	private int done;
	private long lastPrint;

	private ProgressLine(PrintStream err) {
		this.err = err;
	}

	/** A progress line on {@code err} when this process runs on a terminal, else none. */
	static Progress onTerminal(PrintStream err) {
		return onTerminal() ? new ProgressLine(err) : Progress.NONE;
	}

	private static boolean onTerminal() {
		java.io.Console c = System.console();
		if (c == null) {
			return false;
		}
		try { // Console.isTerminal() came with Java 22; before it, a console was a terminal
			return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
		} catch (ReflectiveOperationException e) {
			return true;
		}
	}

	@Override
	public void begin(String task, int totalWork) {
		this.task = task;
		this.total = totalWork;
		this.done = 0;
	}

	@Override
	public void subTask(String name) {
		long now = System.nanoTime();
		if (now - lastPrint > 200_000_000L) { // a few lines a second at most
			lastPrint = now;
			String line = String.format(Locale.ROOT, "%s: %d/%d %s", task, done + 1, total, name);
			err.print("\r" + (line.length() > 100 ? line.substring(0, 97) + "..." : line) + "\u001b[K");
			err.flush();
		}
	}

	@Override
	public void worked(int work) {
		done += work;
	}

	@Override
	public boolean isCanceled() {
		return false; // Ctrl-C ends the process
	}

	@Override
	public void done() {
		if (lastPrint != 0) {
			err.print("\r\u001b[K");
			err.flush();
		}
	}
}
