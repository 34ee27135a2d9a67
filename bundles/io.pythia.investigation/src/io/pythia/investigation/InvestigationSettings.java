// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.util.Map;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.Grouping;

/**
 * Settings of a live investigation; the workbench's preferences page and the command line's options set them.
 *
 * @param cvThreshold    a group with a larger coefficient of variation is a problem group
 * @param minTraces      traces a problem group needs at least
 * @param perCycle       tracepoints enabled per cycle, at most
 * @param totalFraction  share of the search space enabled at once, at most (1.0 = all of it)
 * @param strategy       hierarchical, flat, historic or random
 * @param localizedShare share of a group's variance that a leaf edge must explain to count as localized
 * @param maxCycles      cycles at most
 * @param windowSeconds  how long each cycle collects traces
 * @param grouping       which requests form one request group
 * @param slosMillis     response-time objectives by request type (ms); a group slower than its type's is a problem
 */
public record InvestigationSettings(double cvThreshold, int minTraces, int perCycle, double totalFraction,
		String strategy, double localizedShare, int maxCycles, double windowSeconds, Grouping grouping,
		Map<String, Double> slosMillis) {

	public static final InvestigationSettings DEFAULTS = new InvestigationSettings(0.05, 4, 3, 0.15, "hierarchical",
			0.5, 8, 6, Grouping.WORKFLOW, Map.of());

	/** Settings without response-time objectives. */
	public InvestigationSettings(double cvThreshold, int minTraces, int perCycle, double totalFraction, String strategy,
			double localizedShare, int maxCycles, double windowSeconds, Grouping grouping) {
		this(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare, maxCycles, windowSeconds,
				grouping, Map.of());
	}

	/** Settings that group by workflow, the default. */
	public InvestigationSettings(double cvThreshold, int minTraces, int perCycle, double totalFraction, String strategy,
			double localizedShare, int maxCycles, double windowSeconds) {
		this(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare, maxCycles, windowSeconds,
				Grouping.WORKFLOW);
	}

	public InvestigationSettings {
		if (grouping == null) {
			throw new IllegalArgumentException("a grouping is needed (workflow or critical-path)");
		}
		slosMillis = Map.copyOf(slosMillis);
		if (perCycle < 1 || maxCycles < 1 || !(totalFraction > 0 && totalFraction <= 1) || !(windowSeconds > 0)
				|| !(localizedShare > 0 && localizedShare <= 1)) {
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
					"settings out of range: per cycle %d (>= 1), max cycles %d (>= 1), total fraction %s (0..1], "
							+ "window %s s (> 0), localized share %s (0..1]",
					perCycle, maxCycles, totalFraction, windowSeconds, localizedShare));
		}
	}

	public AnalysisOptions analysis() {
		return AnalysisOptions.DEFAULTS.withCvThreshold(cvThreshold).withMinTraces(minTraces).withGrouping(grouping)
				.withSlos(slosMillis);
	}

	public InvestigationSettings withStrategy(String s) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, s, localizedShare, maxCycles,
				windowSeconds, grouping, slosMillis);
	}

	public InvestigationSettings withWindowSeconds(double w) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare,
				maxCycles, w, grouping, slosMillis);
	}

	public InvestigationSettings withMaxCycles(int n) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare, n,
				windowSeconds, grouping, slosMillis);
	}

	public InvestigationSettings withGrouping(Grouping g) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare,
				maxCycles, windowSeconds, g, slosMillis);
	}

	public InvestigationSettings withTotalFraction(double f) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, f, strategy, localizedShare, maxCycles,
				windowSeconds, grouping, slosMillis);
	}

	public InvestigationSettings withSlos(Map<String, Double> slos) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare,
				maxCycles, windowSeconds, grouping, slos);
	}

	/** Objectives as "type=ms, type=ms", the form the preferences and the command line use. */
	public static String formatSlos(Map<String, Double> slos) {
		return slos.entrySet().stream().sorted(Map.Entry.comparingByKey())
				.map(e -> e.getKey() + "=" + java.math.BigDecimal.valueOf(e.getValue()).stripTrailingZeros().toPlainString())
				.collect(java.util.stream.Collectors.joining(", "));
	}

	/**
	 * Objectives from "type=ms, type=ms" (commas or semicolons between them; a request type may hold '=' only before
	 * the last one). Blank gives none; anything else that is not a positive number of ms is an error saying which.
	 */
	public static Map<String, Double> parseSlos(String text) {
		Map<String, Double> out = new java.util.LinkedHashMap<>();
		for (String item : text.split("[,;]")) {
			String t = item.strip();
			if (t.isEmpty()) {
				continue;
			}
			int eq = t.lastIndexOf('=');
			if (eq <= 0) {
				throw new IllegalArgumentException("objective '" + t + "' is not TYPE=MS");
			}
			String type = t.substring(0, eq).strip();
			String ms = t.substring(eq + 1).strip();
			double v;
			try {
				v = Double.parseDouble(ms);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("objective of '" + type + "': '" + ms + "' is not a number of ms");
			}
			if (!(v > 0) || Double.isInfinite(v)) {
				throw new IllegalArgumentException("objective of '" + type + "' must be > 0 ms, not " + ms);
			}
			out.put(type, v);
		}
		return out;
	}

	public InvestigationSettings withLocalizedShare(double x) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, x, maxCycles,
				windowSeconds, grouping, slosMillis);
	}
}
