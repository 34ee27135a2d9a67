// SPDX-License-Identifier: EPL-2.0
package io.pythia.services.internal;

/**
 * The words the workbench's services show the engineer (job names and the live status line), in one place. Texts
 * with placeholders are {@link String#format} patterns.
 */
public final class Messages {

	private Messages() {
	}

	public static final String STEP_FAILED = "%s failed: %s";
	public static final String CONNECTING = "Connecting to %s";
	public static final String LEARNING = "Connected to %d agent(s); learning the search space "
			+ "(every tracepoint on for one window of %s s)\u2026";
	public static final String FIRST_COLLECTION = "Cycle 1: collecting traces for %s s\u2026";
	public static final String REOPENING_JOB = "Reopening %s";
	public static final String REOPENING = "Reopening %s and reconnecting to its agents\u2026";
	public static final String REOPENED = "Session reopened at cycle %d (%s)";
	public static final String DECIDING_JOB = "Deciding";
	public static final String AUTOPILOT_JOB = "Autopilot";
	public static final String PUSHING_JOB = "Pushing approved toggles";
	public static final String PUSHING_THEN_NEXT = "Pushing approved toggles, then collecting the next cycle\u2026";
	public static final String PUSHING_THEN_CYCLE = "Pushing approved toggles, then collecting cycle %d\u2026";
	public static final String PUSHING_RESTORE = "Pushing the approved toggles back to the skeleton\u2026";
	public static final String RESTORING_JOB = "Restoring the skeleton instrumentation";
	public static final String NOTHING_TO_RESTORE = "Only the skeleton is enabled: nothing to restore";
	public static final String CONTINUING = "Continuing cycle %d\u2026";
	public static final String RUNNING_JOB = "Running the cycle";
	public static final String STOPPED = "Stopped after cycle %d: %s";
	public static final String STOPPED_AT = " at %s";
	public static final String AWAITING = "Cycle %d: %d proposal(s) await approval";
	public static final String IMPORT_JOB = "Importing traces";
	public static final String BASELINE_JOB = "Reading the baseline";
	public static final String BASELINE_EMPTY = "The baseline has no trace to compare: %s";
	public static final String IMPORT_CANNOT_LIST = "Cannot list the trace sources: %s";
	public static final String ZIPKIN_JOB = "Reading traces from Zipkin at %s";
	public static final String ZIPKIN_FAILED = "No traces read from Zipkin: %s";
	public static final String ZIPKIN_READ = "%d trace(s) read from Zipkin into %s";
	public static final String ZIPKIN_PARTLY = "Zipkin failed part way: %s. The traces read before it are opened from %s";
}
