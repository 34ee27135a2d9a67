// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal;

/**
 * Every word the workbench's views and handlers show, in one place: labels, buttons, tool tips, status lines and
 * dialogs. Texts with placeholders are {@link String#format} patterns.
 */
public final class Messages {

	private Messages() {
	}

	// Proposals
	public static final String PROPOSALS_AUTOPILOT = "Autopilot";
	public static final String PROPOSALS_AUTOPILOT_TIP = "Approve and push every proposal without asking, cycle after cycle";
	public static final String PROPOSALS_COLUMN_DECISION = "Decision";
	public static final String PROPOSALS_COLUMN_ACTION = "Action";
	public static final String PROPOSALS_COLUMN_TRACEPOINT = "Tracepoint";
	public static final String PROPOSALS_COLUMN_REQUEST_TYPE = "Request type";
	public static final String PROPOSALS_COLUMN_STRATEGY = "Strategy";
	public static final String PROPOSALS_COLUMN_SHARE = "Share";
	public static final String PROPOSALS_COLUMN_REASON = "Reason";
	public static final String PROPOSALS_APPROVE = "Approve";
	public static final String PROPOSALS_REJECT = "Reject";
	public static final String PROPOSALS_APPROVE_ALL = "Approve all";
	public static final String PROPOSALS_REJECT_ALL = "Reject all";
	public static final String PROPOSALS_PUSH = "Push approved";
	public static final String PROPOSALS_CONTINUE = "Continue";
	public static final String PROPOSALS_CONTINUE_TIP = "Go on after a failed or cancelled step: collect again, or push again what not every agent took";
	public static final String PROPOSALS_CANCEL = "Cancel";
	public static final String PROPOSALS_CANCEL_TIP = "Cut the collection under way short";
	public static final String AGENTS_COLUMN_AGENT = "Agent";
	public static final String AGENTS_COLUMN_PUSH = "Push";
	public static final String AGENTS_COLUMN_VERSION = "Version";
	public static final String AGENTS_COLUMN_DETAIL = "Detail";
	public static final String PROPOSAL_PENDING = "pending";
	public static final String PROPOSAL_APPROVED = "\u2713 approved";
	public static final String PROPOSAL_REJECTED = "\u2717 rejected";
	public static final String PROPOSALS_BUDGET = "Budget: %d per cycle; %d of %d enabled, %d left";
	public static final String AGENTS_LAST_PUSH = "Last push: %s. The agents report %d tracepoint toggles enabled%s.";
	public static final String AGENTS_ALL_APPLIED = "every agent applied it";
	public static final String AGENTS_NOT_ALL_APPLIED = "NOT every agent applied it";
	public static final String PROPOSALS_NOT_CONNECTED = "Not connected. File > Connect to System... (or Connect to Lab) starts a "
			+ "live investigation: each cycle's proposed toggles show here to approve before they are pushed.";
	public static final String PROPOSALS_CYCLE_PHASE = "Cycle %d, %s";
	public static final String AGENTS_NO_PUSH_YET = "%d agents connected; no push yet.";
	public static final String AGENTS_NOT_ANSWERING = " (not answering: %s)";

	// Workflow graph
	public static final String GRAPH_WARM_UP_JOB = "Preparing the graph layout";
	public static final String GRAPH_FIT = "Fit";
	public static final String GRAPH_FIT_TIP = "Show the whole graph (F)";
	public static final String GRAPH_ZOOM_IN_TIP = "Zoom in";
	public static final String GRAPH_ZOOM_OUT_TIP = "Zoom out";
	public static final String GRAPH_EXPAND_ALL = "Expand all";
	public static final String GRAPH_EXPAND_ALL_TIP = "Show the events inside every collapsed span";
	public static final String GRAPH_EDGE_HINT = "Click an edge to see its duration distribution across the group.";
	public static final String EXPORT_CHART = "Export chart\u2026";
	public static final String GRAPH_EXPORT_CHART_TIP = "Save the edge's duration histogram as PNG or SVG";
	public static final String GRAPH_NO_TRACE = "No trace: open traces, then pick a request group.";
	public static final String GRAPH_QUICK_PLACEMENT = "Trace %s: %d events; quick placement shown, ELK layout running\u2026";
	public static final String GRAPH_LAID_OUT = "Trace %s: %d events shown of %d, %.3f ms, layout %d ms";
	public static final String GRAPH_LAYING_OUT = "Laying out\u2026";
	public static final String GRAPH_EMPTY = "The workflow graph of a request shows here: open traces and select a request group.";
	public static final String EDGE_THIS_TRACE = "This trace: %.3f ms";
	public static final String EDGE_SHARE = "\nShare of the group's variance: %.1f%%";
	public static final String EDGE_GROUP_MEAN = "\nGroup mean %.3f ms, sd %.3f ms";
	public static final String EDGE_DURATIONS = "Edge durations";
	public static final String EDGE_NOT_ON_PATH = "\nNot on the critical path: it did not decide the response time.";
	public static final String GRAPH_LAYING_OUT_EVENTS = "Laying out %d events\u2026";
	public static final String GRAPH_LAYOUT_JOB = "Laying out workflow graph of %s";
	public static final String GRAPH_LAYOUT_FAILED = "Cannot lay out trace %s: %s";
	public static final String EDGE_DURATIONS_OF = "Edge durations, %d traces";

	// Variance heatmap
	public static final String HEATMAP_PNG = "Heatmap PNG\u2026";
	public static final String HEATMAP_SVG = "Heatmap SVG\u2026";
	public static final String HEATMAP_CHART_PNG = "Chart PNG\u2026";
	public static final String HEATMAP_CHART_SVG = "Chart SVG\u2026";
	public static final String HEATMAP_BOX_PLOT = "Box plot";
	public static final String BASELINE_TITLE = "Compare with Baseline: trace files of the baseline";
	public static final String CHANGES_COLUMN_DELTA = "Change";
	public static final String CHANGES_COLUMN_INTERVAL = "95% interval";
	public static final String CHANGES_COLUMN_TYPE = "Request type";
	public static final String CHANGES_COLUMN_EDGE = "Critical-path edge";
	public static final String CHANGES_COLUMN_BASELINE = "Baseline";
	public static final String CHANGES_COLUMN_SELECTION = "Now";
	public static final String CHANGES_COLUMN_EXPLAINS = "Of its type";
	public static final String CHANGES_COLUMN_SHARE = "Variance share";
	public static final String CHANGES_NO_BASELINE = "No baseline: File > Compare with Baseline... reads one, then every analysis of the open traces is compared with it.";
	public static final String CHANGES_NO_SELECTION = "Baseline read; open traces to compare with it.";
	public static final String CHANGES_SUMMARY = "Baseline: %,d traces (%s); now: %,d traces. %d edge change(s), %d significant (*), most of the change in response time first.";
	public static final String PROPOSALS_APPROVE_TIP = "Approve the selected proposals (Ctrl+Shift+Y)";
	public static final String PROPOSALS_REJECT_TIP = "Reject the selected proposals (Ctrl+Shift+N)";
	public static final String PROPOSALS_APPROVE_ALL_TIP = "Approve every proposal of this cycle (Ctrl+Shift+A)";
	public static final String PROPOSALS_PUSH_TIP = "Push the approved toggles to the agents (Ctrl+Shift+P)";
	public static final String KEYS_TITLE = "Keys";
	public static final String KEYS_INTRO = "Keys of the workbench, in every view:";
	public static final String FLAME_AGAINST_BASELINE = "Against baseline";
	public static final String FLAME_AGAINST_BASELINE_TIP = "Colour each frame by its change in mean critical-path time from the baseline (File > Compare with Baseline...): red slower, blue faster";
	public static final String FLAME_AGAINST = ", colour = change from %,d baseline traces (%s), %+.3f ms in all";
	public static final String FLAME_NO_BASELINE_TRACES = "; the baseline has no trace of %s to compare with";
	public static final String FLAME_RESET = "Reset zoom";
	public static final String FLAME_RESET_TIP = "Show the whole request again (clicking a frame zooms into it)";
	public static final String FLAME_PNG = "PNG...";
	public static final String FLAME_SVG = "SVG...";
	public static final String FLAME_JOB = "Summing the flame graph of group %s";
	public static final String FLAME_STATUS = "Group %s (%s): %,d kept traces, %.3f ms on average; width = mean time on the critical path";
	public static final String FLAME_COLOUR_SHARE = ", colour = share of the variance (as the heatmap)";
	public static final String FLAME_EMPTY = "No group: open traces (File > Open Traces...) and select a request group.";
	public static final String TIMELINE_SEARCH = "Find a span";
	public static final String TIMELINE_FIT = "Fit";
	public static final String TIMELINE_FIT_TIP = "Show the whole trace (Ctrl+wheel zooms at the pointer, dragging pans)";
	public static final String TIMELINE_SERVICES = "Service calls";
	public static final String TIMELINE_SERVICES_TIP = "Collapse every span whose subtree stays in its service: a row per call between services";
	public static final String TIMELINE_EXPAND = "Expand all";
	public static final String TIMELINE_JOB = "Laying out the timeline of trace %s";
	public static final String TIMELINE_STATUS = "Trace %s: %,d spans, %.3f ms; the critical path (dark) in %,d segments";
	public static final String TIMELINE_ROW_TIP = "%s\nstarts at %.3f ms, lasts %.3f ms; %.3f ms of it on the critical path";
	public static final String TIMELINE_EMPTY = "No trace: open traces (File > Open Traces...) and select a request group.";
	public static final String HEATMAP_LEGEND_LOW = "\u2212100%";
	public static final String HEATMAP_LEGEND_TITLE = "Colour: share of the group's variance";
	public static final String HEATMAP_LEGEND_HIGH = "100%";
	public static final String HEATMAP_LEGEND_OFF_PATH = "off path";
	public static final String ATTRIBUTES_COLUMN_ATTRIBUTE = "Slower with";
	public static final String ATTRIBUTES_COLUMN_TRACES = "Traces";
	public static final String ATTRIBUTES_COLUMN_MEAN = "Mean";
	public static final String ATTRIBUTES_COLUMN_OTHERS = "Others";
	public static final String ATTRIBUTES_COLUMN_EXPLAINED = "Explains";
	public static final String ATTRIBUTES_TIP = "Span attributes of the group whose values go with slower requests: a value against the"
			+ " other traces (Welch's t), or a number by correlation; significant after Bonferroni, ranked by the part of the"
			+ " group's variance explained";
	public static final String HEATMAP_OVER_TIME = "Over time";
	public static final String HEATMAP_OVER_TIME_TIP = "Rows: time windows of the selected group instead of the problem groups";
	public static final String HEATMAP_EMPTY = "Problem groups against critical-path edges show here once traces are opened.";
	public static final String HEATMAP_CELL = "%s (%s, %d traces, CV %.3f)%s \u2014 %s: %s";
	public static final String HEATMAP_CELL_OFF_PATH = "not on this group's critical path";
	public static final String HEATMAP_CELL_SHARE = "%.1f%% of variance";
	public static final String HEATMAP_CELL_INTERVAL = " (95%% interval %.1f%% to %.1f%%)";
	public static final String HEATMAP_BOX_PLOT_TITLE = "Response times of the problem groups";
	public static final String HEATMAP_HISTOGRAM_NO_GROUP = "Response times (no group selected)";
	public static final String EXPORT_FAILED = "Export failed";

	// Cycle history
	public static final String HISTORY_EXPORT_CHART_TIP = "Save the chart of % enabled and top CV over the cycles as PNG or SVG";
	public static final String HISTORY_COLUMN_CYCLE = "Cycle";
	public static final String HISTORY_COLUMN_TIME = "Time";
	public static final String HISTORY_COLUMN_TRACES = "Traces";
	public static final String HISTORY_COLUMN_PROBLEM_GROUPS = "Problem groups";
	public static final String HISTORY_COLUMN_TOP_EDGE = "Top edge";
	public static final String HISTORY_COLUMN_SHARE = "Share";
	public static final String HISTORY_COLUMN_TOP_CV = "Top CV";
	public static final String HISTORY_COLUMN_ENABLED = "Enabled";
	public static final String HISTORY_COLUMN_STOP = "Stop";
	public static final String HISTORY_SERIES_ENABLED = "% of tracepoints enabled";
	public static final String HISTORY_SERIES_CV = "top group's CV \u00d7 100";
	public static final String HISTORY_CHART_TITLE = "Cycles";
	public static final String HISTORY_NO_CYCLES = "no cycles yet";
	public static final String HEATMAP_BOX_PLOT_TIP = "Beside the heatmap: box plots of the problem groups' response times "
			+ "instead of the selected group's histogram";
	public static final String HEATMAP_OVER_TIME_JOB = "Variance over time of %s";
	public static final String HEATMAP_CELL_WINDOW = ", window %s";
	public static final String FINDINGS_EXPORT = "Export lean traces...";
	public static final String FINDINGS_EXPORT_TIP = "Save the selected finding's group's traces of the last cycle, each cut to its critical path (Jaeger or OTLP JSON)";
	public static final String FINDINGS_EXPORT_NO_TRACES = "The last cycle has no traces of group %s in memory: its lean traces cannot be written";
	public static final String FINDINGS_RESTORE = "Restore instrumentation";
	public static final String FINDINGS_RESTORE_TIP = "Propose disabling what the investigation enabled beyond the skeleton; approve and push them in the Proposals view";
	public static final String FINDINGS_COLUMN_TRACEPOINT = "Localized tracepoint";
	public static final String FINDINGS_COLUMN_TYPE = "Request type";
	public static final String FINDINGS_COLUMN_GROUP = "Group";
	public static final String FINDINGS_COLUMN_SHARE = "Share";
	public static final String FINDINGS_COLUMN_TRACES = "Traces";
	public static final String FINDINGS_COLUMN_P50 = "p50";
	public static final String FINDINGS_COLUMN_P99 = "p99";
	public static final String FINDINGS_COLUMN_EDGE = "Critical-path edge";
	public static final String FINDINGS_SHARE_VARIANCE = "%.0f%% of variance";
	public static final String FINDINGS_SHARE_TIME = "%.0f%% of time";
	public static final String FINDINGS_NONE = "No investigation: findings appear here when a connected system's investigation localizes a problem (File > Connect to System...).";
	public static final String FINDINGS_NOT_YET = "Nothing localized yet.";
	public static final String FINDINGS_STOPPED_NONE = "Stopped after cycle %d (%s) without localizing a problem.";
	public static final String FINDINGS_STOPPED = "%d problem(s) localized; stopped after cycle %d (%s).";
	public static final String FINDINGS_SO_FAR = "%d problem(s) localized so far (cycle %d); the investigation goes on to the rest.";
	public static final String FINDINGS_RESTORING = "%d problem(s) localized. Back to the skeleton: approve and push the %d proposal(s) in the Proposals view.";
	public static final String FINDINGS_BEYOND_SKELETON = "%d toggle(s) are on beyond the skeleton: export the lean traces, then restore the instrumentation.";
	public static final String FINDINGS_ON_SKELETON = "The agents run the skeleton instrumentation.";
	public static final String FINDINGS_HISTOGRAM = "Response times of %s (%s) when localized";
	public static final String FINDINGS_HISTOGRAM_NONE = "Response times (no finding selected)";
	public static final String FINDINGS_HISTOGRAM_OLD = "Response times (not kept by this journal's version)";
	public static final String HEATMAP_HISTOGRAM_TITLE = "Response times of %s (%s)";
	public static final String CANNOT_WRITE = "Cannot write %s: %s";

	// Export
	public static final String EXPORT_NOTHING = "Nothing to export yet: open traces or connect to a system first.";
	public static final String EXPORT_REPORT_JSON = "Group report, JSON (*.json)";
	public static final String EXPORT_REPORT_CSV = "Group report, CSV (*.csv)";
	public static final String EXPORT_LEAN_JAEGER = "Lean traces of the selected group, Jaeger JSON (*.json)";
	public static final String EXPORT_LEAN_OTLP = "Lean traces of the selected group, OTLP JSON (*.json)";
	public static final String EXPORT_NO_GROUP = "Select a request group with kept traces first.";
	public static final String EXPORT_TITLE = "Export";

	// Request groups
	public static final String GROUPS_COLUMN_REQUEST_TYPE = "Request type";
	public static final String GROUPS_COLUMN_COUNT = "Count";
	public static final String GROUPS_COLUMN_MEAN = "Mean ms";
	public static final String GROUPS_COLUMN_P50 = "p50 ms";
	public static final String GROUPS_COLUMN_P99 = "p99 ms";
	public static final String GROUPS_COLUMN_CV = "CV";
	public static final String GROUPS_COLUMN_VARIANCE = "Variance ms\u00b2";
	public static final String GROUPS_COLUMN_GROUP = "Group";
	public static final String GROUPS_FILTER = "Filter by request type, group id or tracepoint";
	public static final String TRACES_COLUMN_TRACE = "Trace";
	public static final String TRACES_COLUMN_RESPONSE = "Response ms";
	public static final String TRACES_COLUMN_EVENTS = "Events";
	public static final String TRACES_COLUMN_FORMAT = "Format";
	public static final String GROUPS_NO_ANALYSIS = "No analysis yet: open traces with File > Open Traces... (Ctrl+O).";
	public static final String GROUPS_SUMMARY = "%d traces, %d groups, %d problem groups (CV > %.2f with an edge out of the noise, or slow; at least %d traces)%s";
	public static final String EXPORT_JOB = "Exporting to %s";
	public static final String GROUPS_SHOWN = "; %d shown";

	// Preferences
	public static final String PREFS_CV = "CV threshold";
	public static final String PREFS_CV_TIP = "a group is a problem group above this coefficient of variation";
	public static final String PREFS_MIN_TRACES = "Minimum group size";
	public static final String PREFS_MIN_TRACES_TIP = "traces a group needs to count as a problem group";
	public static final String PREFS_PER_CYCLE = "Per-cycle budget";
	public static final String PREFS_PER_CYCLE_TIP = "tracepoints enabled per cycle at most";
	public static final String PREFS_TOTAL = "Total budget (fraction)";
	public static final String PREFS_TOTAL_TIP = "share of the search space enabled at once, at most";
	public static final String PREFS_LOCALIZED = "Localized share";
	public static final String PREFS_LOCALIZED_TIP = "share of a group's variance a leaf edge must explain to stop";
	public static final String PREFS_MAX_CYCLES = "Maximum cycles";
	public static final String PREFS_MAX_CYCLES_TIP = "cycles before the search stops anyway";
	public static final String PREFS_WINDOW = "Collection window (s)";
	public static final String PREFS_WINDOW_TIP = "seconds of traces collected per cycle";
	public static final String PREFS_TITLE = "Preferences";
	public static final String PREFS_MESSAGE = "Thresholds apply to the next import and the next live session.";
	public static final String PREFS_SHELL = "Pythia Workbench Preferences";
	public static final String PREFS_STRATEGY = "Strategy:";
	public static final String PREFS_GROUPING = "Group requests by:";
	public static final String PREFS_SLOS = "Response-time objectives:";
	public static final String PREFS_SLOS_TIP = "TYPE=MS, TYPE=MS: a request group whose median is over its request type's objective is a"
			+ " problem group (slow) even when it does not vary; empty: a group far slower than its type's others is";
	public static final String PREFS_SLOS_BAD = "Response-time objectives: ";
	public static final String PREFS_GROUPING_TIP = "workflow: the same calls from the same places, whichever concurrent branch ends last;"
			+ " critical-path: the same sequence of tracepoints along the critical path (finer)";

	// Connect to Lab
	public static final String LAB_LOOKING_JOB = "Looking for the lab";
	public static final String LAB_CONNECT_TITLE = "Connect to Lab";
	public static final String LAB_STARTING = "Starting the lab (8 service processes) and warming it up\u2026";
	public static final String LAB_STARTING_JOB = "Starting the lab";

	// Trace sources
	public static final String SOURCES_COLUMN_NAME = "Name";
	public static final String SOURCES_COLUMN_SIZE = "Size";
	public static final String SOURCES_COLUMN_FOLDER = "Folder";
	public static final String WARNINGS_COLUMN_WHERE = "Trace or file";
	public static final String WARNINGS_COLUMN_WARNING = "Warning";
	public static final String SOURCES_NO_ANALYSIS = "Warnings from the importers are listed below once traces are read.";
	public static final String SOURCES_READ = "Read %d file(s) in %.1f s";
	public static final String SOURCES_SUMMARY = "%s: %d traces, %d events, %d groups; %d warning(s), %d file error(s)%s.";
	public static final String SOURCES_NONE = "No traces opened yet: use File > Open Traces... (Ctrl+O).";
	public static final String SOURCES_SIZE_FOLDER = "folder";
	public static final String SOURCES_SIZE_UNREADABLE = "unreadable";
	public static final String PREFS_NOT_WHOLE = "%s must be a whole number";
	public static final String PREFS_OUT_OF_RANGE = "%s must be between %s and %s";
	public static final String PREFS_NOT_A_NUMBER = "%s: '%s' is not a number";
	public static final String LAB_LOOKING = "Looking for the lab in %s\u2026";
	public static final String LAB_UNREACHABLE = "Cannot reach the lab: %s";
	public static final String LAB_START_QUESTION = "The lab is not running. Start it now?\n\n"
			+ "It runs 8 services in their own JVMs with a workload of 30 requests/s, until ./pythia lab stop. "
			+ "Inject a problem with ./pythia lab inject NAME (slow-replica, random-sleeps, ...).";
	public static final String LAB_START_FAILED = "Starting the lab failed: %s (logs in %s)";
	public static final String SOURCES_COLLECTED = "Collected from the connected system (cycle %d%s)";
	public static final String SOURCES_POOLED = "; %d of the traces from earlier windows of the same instrumentation";
	public static final String SOURCES_DROPPED = "; %d traces analysed but not kept for drawing";
	public static final String WARNINGS_MORE = "%d more warnings of the same kinds: %s";
	public static final String SOURCES_ONE = "%d source opened.";
	public static final String SOURCES_MANY = "%d sources opened.";

	// About
	public static final String ABOUT_TITLE = "About Pythia Workbench";

	// Chart export
	public static final String CHART_PNG = "PNG image (*.png)";
	public static final String CHART_SVG = "SVG drawing (*.svg)";

	// Instrumentation
	public static final String TP_PROPOSED_ENABLE = "proposed: enable";
	public static final String TP_PROPOSED_DISABLE = "proposed: disable";
	public static final String TP_SKELETON = "skeleton";
	public static final String TP_ENABLED = "enabled";
	public static final String TP_DISABLED = "disabled";
	public static final String INSTRUMENTATION_COLUMN_TRACEPOINT = "Tracepoint";
	public static final String INSTRUMENTATION_COLUMN_STATE = "State";
	public static final String INSTRUMENTATION_COLUMN_ENABLED = "Enabled";
	public static final String INSTRUMENTATION_SUMMARY = "%d tracepoint toggles (tracepoint \u00d7 request type), %d enabled (%.1f%%), skeleton %d, %d proposed.";
	public static final String INSTRUMENTATION_SERVICE = "service";
	public static final String INSTRUMENTATION_REQUEST_TYPE = "request type";

	// Open traces
	public static final String OPEN_TRACES_TITLE = "Open Traces";
	public static final String OPEN_TRACES_FILTER = "Trace files (*.json, *.ndjson, *.csv, *.gz)";
	public static final String ALL_FILES = "All files";

	// Open session
	public static final String OPEN_SESSION_TITLE = "Open Session: choose a session journal";
	public static final String OPEN_SESSION_FILTER = "Session journals (*.jsonl)";

	// Connect to system
	public static final String CONNECT_SYSTEM_TITLE = "Connect to System: choose a connection file";
	public static final String CONNECT_SYSTEM_FILTER = "Connection files (*.json)";

	// Heatmap painting
	public static final String HEATMAP_NO_GROUPS = "No request groups to show.";
	public static final String ABOUT_TEXT = "Pythia Workbench %s\nBuild %s\n\n"
			+ "Just-in-time instrumentation for distributed systems: find where response-time variance\n"
			+ "arises in end-to-end traces and enable the tracepoints that localize it.\n\nJava %s (%s)";
	public static final String INSTRUMENTATION_EMPTY = "The connected system's tracepoints show here, by request type, "
			+ "service and calling hierarchy, once a live investigation starts.";
	public static final String HEATMAP_CAPTION_GROUPS = "%d groups \u00d7 %d critical-path edges (colour: share of the group's variance)";
	public static final String HEATMAP_CAPTION_WINDOWS = "group %s: %d time windows \u00d7 %d critical-path edges "
			+ "(colour: share of the window's variance)";

	public static final String ZIPKIN_SHELL = "Open from Zipkin";
	public static final String ZIPKIN_TITLE = "Traces from a Zipkin server";
	public static final String ZIPKIN_MESSAGE = "Every service's traces of the window, each trace once; they are kept in a file and opened beside the others.";
	public static final String ZIPKIN_SERVER = "Zipkin server:";
	public static final String ZIPKIN_LOOKBACK = "Last minutes:";
	public static final String ZIPKIN_LIMIT = "Traces per service at most:";
	public static final String ZIPKIN_BAD_URL = "'%s' is no http(s) address of a Zipkin server";
	public static final String ZIPKIN_NOT_WHOLE = "The minutes and the traces per service are whole numbers of at least 1";
}
