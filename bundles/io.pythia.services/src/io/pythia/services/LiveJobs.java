// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;

import io.pythia.services.TokenStore;
import io.pythia.services.Investigation;
import io.pythia.control.AgentEndpoint;
import io.pythia.services.internal.Messages;
import io.pythia.services.internal.MonitorProgress;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.search.CycleEngine;

/**
 * The steps of a live investigation (connect and learn, collect a cycle, decide, push) as jobs, one at a time: a
 * collection waits a whole window and a decision is forced to disk, neither of which may run on the UI thread.
 */
public final class LiveJobs {

	/** Live jobs belong to this family, so tests and the UI can wait for them. */
	public static final Object FAMILY = new Object();

	private LiveJobs() {
	}

	private interface Step {
		void run(IProgressMonitor monitor) throws IOException;
	}

	/** One live job at a time: a push must not overtake a collection, nor a decision a push. */
	private static final ISchedulingRule RULE = new ISchedulingRule() {
		@Override
		public boolean contains(ISchedulingRule rule) {
			return rule == this;
		}

		@Override
		public boolean isConflicting(ISchedulingRule rule) {
			return rule == this;
		}
	};

	/**
	 * A live job; {@code session} is what a cancel cuts short (a collection fails and the next step collects again),
	 * or null when the step watches its monitor itself.
	 */
	private static Job job(String name, Investigation investigation, LiveInvestigation session, Step step) {
		Job job = new Job(name) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				try {
					step.run(monitor);
					return Status.OK_STATUS;
				} catch (IOException | RuntimeException e) {
					investigation.setLiveStatus(String.format(Locale.ROOT, Messages.STEP_FAILED, name, e.getMessage()));
					return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.warning(String.format(Locale.ROOT, Messages.STEP_FAILED, name, e.getMessage()), e);
				} finally {
					investigation.setLiveBusy(false);
				}
			}

			@Override
			protected void canceling() {
				if (session != null) {
					session.cancel();
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

	private static void closeOld(Investigation investigation) {
		investigation.live().ifPresent(old -> {
			try {
				old.close();
			} catch (IOException e) {
				// the old session's journal is durable already; a failed close loses nothing
			}
		});
	}

	/** Reads a connection file, connects, learns the search space and runs the first cycle to its proposals. */
	public static Job connect(Path connectionFile, InvestigationSettings settings, Investigation investigation) {
		return job(String.format(Locale.ROOT, Messages.CONNECTING, connectionFile), investigation, null, monitor -> {
			AgentEndpoint.Connection c = TokenStore.open().complete(AgentEndpoint.read(connectionFile));
			closeOld(investigation);
			investigation.setLiveStatus(String.format(Locale.ROOT, Messages.LEARNING, c.agents().size(), settings.windowSeconds()));
			LiveInvestigation session = LiveInvestigation.start(c, connectionFile, sessionsFolder(), settings,
					List.of(investigation.liveListener()), new MonitorProgress(monitor));
			investigation.setLive(session);
			investigation.setLiveStatus(String.format(Locale.ROOT, Messages.FIRST_COLLECTION, settings.windowSeconds()));
			advanceWatching(session, monitor);
			investigation.setLiveStatus(describe(session));
		});
	}

	/** Runs the session on, a cancel of the monitor cutting its collection short. */
	private static void advanceWatching(LiveInvestigation session, IProgressMonitor monitor) throws IOException {
		Thread watcher = Thread.ofVirtual().start(() -> {
			try {
				while (!monitor.isCanceled()) {
					Thread.sleep(100);
				}
				session.cancel();
			} catch (InterruptedException e) {
				// the step is over
			}
		});
		try {
			session.advance();
		} finally {
			watcher.interrupt();
		}
	}

	/** Reopens a saved session (File &gt; Open Session) and runs it on to its next proposals. */
	public static Job reopen(Path journal, InvestigationSettings settings, Investigation investigation) {
		return job(String.format(Locale.ROOT, Messages.REOPENING_JOB, journal.getFileName()), investigation, null, monitor -> {
			closeOld(investigation);
			investigation.setLiveStatus(String.format(Locale.ROOT, Messages.REOPENING, journal));
			TokenStore tokens = TokenStore.open();
			LiveInvestigation session = LiveInvestigation.resume(journal, settings, tokens::complete,
					List.of(investigation.liveListener()));
			investigation.setLive(session);
			LiveInvestigation.Snapshot s = session.snapshot();
			investigation.setLiveStatus(String.format(Locale.ROOT, Messages.REOPENED, s.cycle(), s.phase().name().toLowerCase(Locale.ROOT)));
			advanceWatching(session, monitor);
			investigation.setLiveStatus(describe(session));
		});
	}

	/** Where the workbench keeps its session journals: ~/.pythia-workbench/sessions, or pythia.sessions. */
	public static Path sessionsFolder() {
		String property = System.getProperty("pythia.sessions"); // the UI tests keep theirs in their build folder
		return property != null && !property.isBlank() ? Path.of(property)
				: Path.of(System.getProperty("user.home"), ".pythia-workbench", "sessions");
	}

	/** Decides on the proposals at {@code indices} (each decision is forced to the journal on disk). */
	public static Job decide(LiveInvestigation session, int[] indices, CycleEngine.Decision decision,
			Investigation investigation) {
		return job(Messages.DECIDING_JOB, investigation, session, monitor -> {
			for (int i : indices) {
				session.decide(i, decision);
			}
		});
	}

	/** Decides every proposal not decided yet. */
	public static Job decideAll(LiveInvestigation session, CycleEngine.Decision decision, Investigation investigation) {
		return job(Messages.DECIDING_JOB, investigation, session, monitor -> session.decideAll(decision));
	}

	/** Turns the autopilot on or off; with {@code approveAndPush}, approves what waits and pushes it. */
	public static Job autopilot(LiveInvestigation session, boolean on, boolean approveAndPush,
			Investigation investigation) {
		return job(Messages.AUTOPILOT_JOB, investigation, session, monitor -> {
			session.setAutopilot(on);
			if (approveAndPush) {
				session.decideAll(CycleEngine.Decision.APPROVED);
				investigation.setLiveStatus(Messages.PUSHING_THEN_NEXT);
				session.pushApproved();
				investigation.setLiveStatus(describe(session));
			}
		});
	}

	/** Pushes the approved proposals and runs the next cycle up to its proposals. */
	public static Job push(LiveInvestigation session, Investigation investigation) {
		investigation.setLiveStatus(session.snapshot().restoring() ? Messages.PUSHING_RESTORE
				: String.format(Locale.ROOT, Messages.PUSHING_THEN_CYCLE, session.snapshot().cycle() + 1));
		return job(Messages.PUSHING_JOB, investigation, session, monitor -> {
			session.pushApproved();
			investigation.setLiveStatus(describe(session));
		});
	}

	/**
	 * After the session stopped: proposes turning back to the skeleton what it enabled, to be approved and pushed
	 * like any cycle's proposals.
	 */
	public static Job restore(LiveInvestigation session, Investigation investigation) {
		return job(Messages.RESTORING_JOB, investigation, session, monitor -> {
			investigation.setLiveStatus(session.restore() ? describe(session) : Messages.NOTHING_TO_RESTORE);
		});
	}

	/** Cuts the live step under way short (a collection fails; Continue collects again). */
	public static void cancel() {
		Job.getJobManager().cancel(FAMILY);
	}

	/** Continues after a failed or cancelled step (a push that did not reach every agent is pushed again). */
	public static Job advance(LiveInvestigation session, Investigation investigation) {
		investigation.setLiveStatus(String.format(Locale.ROOT, Messages.CONTINUING, session.snapshot().cycle()));
		return job(Messages.RUNNING_JOB, investigation, session, monitor -> {
			session.advance();
			investigation.setLiveStatus(describe(session));
		});
	}

	static String describe(LiveInvestigation session) {
		LiveInvestigation.Snapshot s = session.snapshot();
		if (s.phase() == CycleEngine.Phase.STOPPED) {
			// every problem localized, in order: the first is the localized tracepoint
			List<String> at = s.findings().stream().map(io.pythia.search.Finding::tracepoint).distinct().toList();
			String where = !at.isEmpty() ? String.join(", ", at) : s.localizedTracepoint();
			return String.format(Locale.ROOT, Messages.STOPPED, s.cycle(), s.stopReason())
					+ (where == null ? "" : String.format(Locale.ROOT, Messages.STOPPED_AT, where));
		}
		return String.format(Locale.ROOT, Messages.AWAITING, s.cycle(), s.proposals().size());
	}
}
