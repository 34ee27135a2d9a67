// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.pythia.control.ZipkinQueryClient;
import io.pythia.services.internal.Messages;

/**
 * File &gt; Open from Zipkin...: fetches every service's traces of a window from a Zipkin server into a file of the
 * query API's own shape (one list of traces, each trace once), then opens that file as a trace source, so it is
 * imported with the others and stays on disk as what the server answered. A server that fails part way still
 * leaves the traces read before it, which are opened; the job's status says what failed.
 */
public final class ZipkinJob extends Job {

	private final URI server;
	private final Duration lookback;
	private final int limit;
	private final TraceSourceList sources;
	private final Investigation investigation;
	private volatile Thread worker;
	private volatile Path fetched;

	public ZipkinJob(URI server, Duration lookback, int limit, TraceSourceList sources, Investigation investigation) {
		super(String.format(Locale.ROOT, Messages.ZIPKIN_JOB, server));
		this.server = server;
		this.lookback = lookback;
		this.limit = limit;
		this.sources = sources;
		this.investigation = investigation;
		setUser(true);
	}

	/** Where the fetched traces are kept: beside the session journals, in downloads/. */
	public static Path downloadsFolder() {
		return LiveJobs.sessionsFolder().resolveSibling("downloads");
	}

	/** The file the traces went to, once the job has fetched them. */
	public Path fetched() {
		return fetched;
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		worker = Thread.currentThread();
		try {
			Path folder = Files.createDirectories(downloadsFolder());
			Path file = folder.resolve("zipkin-" + server.getHost() + (server.getPort() < 0 ? "" : "-" + server.getPort()) + "-"
					+ LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
			IOException failed = null;
			int traces = 0;
			try (OutputStream out = Files.newOutputStream(file)) {
				traces = new ZipkinQueryClient(server, Duration.ofSeconds(30)).recent(lookback, limit, out);
			} catch (IOException e) {
				failed = e;
			}
			if (monitor.isCanceled()) {
				Files.deleteIfExists(file);
				return Status.CANCEL_STATUS;
			}
			if (failed != null && Files.size(file) <= 2) { // "[]": nothing came, the previous analysis stays
				Files.deleteIfExists(file);
				return Status.error(String.format(Locale.ROOT, Messages.ZIPKIN_FAILED, failed.getMessage()), failed);
			}
			fetched = file;
			ImportJob.open(sources, investigation, List.of(file));
			return failed == null ? Status.info(String.format(Locale.ROOT, Messages.ZIPKIN_READ, traces, file))
					: Status.warning(String.format(Locale.ROOT, Messages.ZIPKIN_PARTLY, failed.getMessage(), file), failed);
		} catch (IOException e) {
			return Status.error(String.format(Locale.ROOT, Messages.ZIPKIN_FAILED, e.getMessage()), e);
		} finally {
			worker = null;
		}
	}

	@Override
	protected void canceling() {
		Thread t = worker;
		if (t != null) {
			t.interrupt(); // ends a query that waits on the server
		}
	}
}
