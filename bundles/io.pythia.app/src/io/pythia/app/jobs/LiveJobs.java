// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.pythia.app.live.LiveSession;
import io.pythia.app.model.Investigation;
import io.pythia.control.AgentEndpoint;

/**
 * The blocking steps of a live investigation (connect and learn, collect a cycle, push) as jobs, one at a time: a
 * collection waits a whole window, which must never happen on the UI thread.
 */
public final class LiveJobs {

	/** Live jobs belong to this family, so tests and the UI can wait for them. */
	public static final Object FAMILY = new Object();

	private LiveJobs() {
	}

	private interface Step {
		void run() throws IOException;
	}

	private static Job job(String name, Investigation investigation, Step step) {
		Job job = new Job(name) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				try {
					step.run();
					return Status.OK_STATUS;
				} catch (IOException | RuntimeException e) {
					investigation.setLiveStatus(name + " failed: " + e.getMessage());
					return Status.warning(name + " failed: " + e.getMessage(), e);
				} finally {
					investigation.setLiveBusy(false);
				}
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == FAMILY;
			}
		};
		job.setUser(false);
		job.setRule(RULE);
		investigation.setLiveBusy(true); // before it starts: the buttons go grey at once
		job.schedule();
		return job;
	}

	/** One live job at a time: a push must not overtake a collection. */
	private static final org.eclipse.core.runtime.jobs.ISchedulingRule RULE = new org.eclipse.core.runtime.jobs.ISchedulingRule() {
		@Override
		public boolean contains(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
			return rule == this;
		}

		@Override
		public boolean isConflicting(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
			return rule == this;
		}
	};

	/** Reads a connection file, connects, learns the search space and runs the first cycle to its proposals. */
	public static Job connect(Path connectionFile, LiveSession.Settings settings, Investigation investigation) {
		return job("Connecting to " + connectionFile, investigation, () -> {
			AgentEndpoint.Connection c = io.pythia.app.live.TokenStore.open().complete(AgentEndpoint.read(connectionFile));
			investigation.live().ifPresent(old -> {
				try {
					old.close();
				} catch (IOException e) {
					// the old session's journal is already durable; a failed close loses nothing
				}
			});
			investigation.setLiveStatus("Connected to " + c.agents().size() + " agent(s); learning the search space "
					+ "(every tracepoint on for one window of " + settings.windowSeconds() + " s)\u2026");
			Path journals = sessionsFolder();
			Files.createDirectories(journals);
			LiveSession session = LiveSession.connect(c, connectionFile, journals, settings, investigation);
			investigation.setLive(session);
			investigation.setLiveStatus("Cycle 1: collecting traces for " + settings.windowSeconds() + " s\u2026");
			session.advance();
			investigation.setLiveStatus(describe(session));
		});
	}

	/** Reopens a saved session (File &gt; Open Session) and runs it on to its next proposals. */
	public static Job reopen(Path journal, LiveSession.Settings settings, Investigation investigation) {
		return job("Reopening " + journal.getFileName(), investigation, () -> {
			investigation.live().ifPresent(old -> {
				try {
					old.close();
				} catch (IOException e) {
					// its journal is durable already
				}
			});
			investigation.setLiveStatus("Reopening " + journal + " and reconnecting to its agents\u2026");
			LiveSession session = LiveSession.reopen(journal, settings, investigation);
			investigation.setLive(session);
			investigation.setLiveStatus("Session reopened at cycle " + session.cycle() + " (" + session.phase().name().toLowerCase(java.util.Locale.ROOT) + ")");
			session.advance();
			investigation.setLiveStatus(describe(session));
		});
	}

	/** Where the workbench keeps its session journals. */
	public static Path sessionsFolder() {
		return Path.of(System.getProperty("user.home"), ".pythia-workbench", "sessions");
	}

	/** Pushes the approved proposals and runs the next cycle up to its proposals. */
	public static Job push(LiveSession session, Investigation investigation) {
		investigation.setLiveStatus("Pushing approved toggles, then collecting cycle " + (session.cycle() + 1) + "\u2026");
		return job("Pushing approved toggles", investigation, () -> {
			session.pushApproved();
			investigation.setLiveStatus(describe(session));
		});
	}

	/** Continues after a failed step (e.g. a push that did not reach every agent: it is pushed again). */
	public static Job advance(LiveSession session, Investigation investigation) {
		investigation.setLiveStatus("Continuing cycle " + session.cycle() + "\u2026");
		return job("Running the cycle", investigation, () -> {
			session.advance();
			investigation.setLiveStatus(describe(session));
		});
	}

	static String describe(LiveSession s) {
		if (s.stopReason() != null) {
			return "Stopped after cycle " + s.cycle() + ": " + s.stopReason()
					+ (s.localizedTracepoint() == null ? "" : " at " + s.localizedTracepoint());
		}
		return "Cycle " + s.cycle() + ": " + s.proposals().size() + " proposal(s) await approval";
	}
}
