// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.LatencySummary;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceWarning;

/**
 * Streams traces into request groups: each trace's critical path is extracted, its workflow structure (or, when
 * grouping by critical path, the path's signature) decides its group, and the group's statistics absorb it; the trace itself is not kept (except one representative per group).
 * Not thread-safe: feed it from one thread.
 */
public final class Analysis {

	private final AnalysisOptions options;
	private final WorkflowStructure structures = new WorkflowStructure();
	/** Groups by a 64-bit hash of their signature; equal hashes are told apart by comparing the paths. */
	private final Map<Long, List<RequestGroup>> groups = new HashMap<>();
	private final List<TraceWarning> warnings = new ArrayList<>();
	private final Map<String, Integer> warningKinds = new LinkedHashMap<>();
	private int warningCount;
	private long traces;
	private long events;

	public Analysis(AnalysisOptions options) {
		this.options = options;
	}

	public void accept(Trace trace) {
		traces++;
		events += trace.recordedEvents();
		CriticalPath path = CriticalPath.of(trace);
		String requestType = options.requestTypeRule().requestType(trace);
		boolean byWorkflow = options.grouping() == Grouping.WORKFLOW;
		long structure = byWorkflow ? structures.of(requestType, trace) : 0;
		long hash = byWorkflow ? structure : signatureHash(requestType, path);
		List<RequestGroup> candidates = groups.computeIfAbsent(hash, k -> new ArrayList<>(1));
		RequestGroup group = null;
		for (RequestGroup g : candidates) {
			if (g.matches(requestType, structure, path)) {
				group = g;
				break;
			}
		}
		if (group == null) {
			String id = byWorkflow ? groupId(structure) : groupId(signature(requestType, path));
			group = new RequestGroup(id, requestType, options.grouping(), structure, path);
			candidates.add(group);
		}
		group.add(path);
	}

	public void warn(TraceWarning warning) {
		warningCount++;
		if (warnings.size() < options.warningsKept()) {
			warnings.add(warning);
		}
		warningKinds.merge(kindOf(warning.message()), 1, Integer::sum);
	}

	/** The groups and their statistics as they stand now; groups by variance, largest first. */
	public AnalysisReport report() {
		List<AnalysisReport.Group> out = new ArrayList<>();
		for (RequestGroup g : groups.values().stream().flatMap(List::stream).toList()) {
			LatencySummary latency = g.latency();
			boolean problem = g.count() >= options.minTraces()
					&& latency.coefficientOfVariation() > options.cvThreshold();
			out.add(new AnalysisReport.Group(g, latency, problem, g.edgeShares()));
		}
		out.sort(Comparator.comparingDouble((AnalysisReport.Group x) -> x.latency().variance()).reversed()
				.thenComparing(Comparator.comparingInt((AnalysisReport.Group x) -> x.group().count()).reversed())
				.thenComparing(x -> x.group().id()));
		return new AnalysisReport(traces, events, warningCount, List.copyOf(warnings), Map.copyOf(warningKinds),
				List.copyOf(out), options);
	}

	/** FNV-1a over the request type and the path's tracepoint hashes and kinds; cheap, since ids are interned. */
	static long signatureHash(String requestType, CriticalPath path) {
		long h = 0xcbf29ce484222325L ^ requestType.hashCode();
		for (int i = 0; i < path.length(); i++) {
			int e = path.event(i);
			h = (h ^ path.trace().tracepoint(e).hashCode()) * 0x100000001b3L;
			h = (h ^ path.trace().kind(e).ordinal()) * 0x100000001b3L;
		}
		return h;
	}

	/** Request type and the tracepoint/kind sequence of the critical path; timing plays no part. */
	static String signature(String requestType, CriticalPath path) {
		StringBuilder sb = new StringBuilder(requestType.length() + path.length() * 24);
		sb.append(requestType);
		for (int i = 0; i < path.length(); i++) {
			int e = path.event(i);
			sb.append('\u0001').append(path.trace().tracepoint(e)).append('\u0002').append(path.trace().kind(e).ordinal());
		}
		return sb.toString();
	}

	/** A workflow group's id: 48 bits of its structure, prefixed "w" so it is not taken for a critical-path group's. */
	static String groupId(long structure) {
		return String.format("w%012x", structure >>> 16);
	}

	/** A short id that is the same for the same signature in every run (FNV-1a, 48 bits). */
	static String groupId(String signature) {
		long h = 0xcbf29ce484222325L;
		for (int i = 0; i < signature.length(); i++) {
			h ^= signature.charAt(i);
			h *= 0x100000001b3L;
		}
		return String.format("g%012x", h >>> 16);
	}

	/** Warnings of the same kind differ only in ids and numbers; the kind is the message without them. */
	static String kindOf(String message) {
		return message.replaceAll("\\([^)]{4,}\\)", "(...)").replaceAll("\\d+(\\.\\d+)?", "N");
	}
}
