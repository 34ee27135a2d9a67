// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

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
 */
public record InvestigationSettings(double cvThreshold, int minTraces, int perCycle, double totalFraction,
		String strategy, double localizedShare, int maxCycles, double windowSeconds, Grouping grouping) {

	public static final InvestigationSettings DEFAULTS = new InvestigationSettings(0.05, 4, 3, 0.15, "hierarchical",
			0.5, 8, 6, Grouping.WORKFLOW);

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
		if (perCycle < 1 || maxCycles < 1 || !(totalFraction > 0 && totalFraction <= 1) || !(windowSeconds > 0)
				|| !(localizedShare > 0 && localizedShare <= 1)) {
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
					"settings out of range: per cycle %d (>= 1), max cycles %d (>= 1), total fraction %s (0..1], "
							+ "window %s s (> 0), localized share %s (0..1]",
					perCycle, maxCycles, totalFraction, windowSeconds, localizedShare));
		}
	}

	public AnalysisOptions analysis() {
		return AnalysisOptions.DEFAULTS.withCvThreshold(cvThreshold).withMinTraces(minTraces).withGrouping(grouping);
	}

	public InvestigationSettings withStrategy(String s) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, s, localizedShare, maxCycles,
				windowSeconds, grouping);
	}

	public InvestigationSettings withWindowSeconds(double w) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare,
				maxCycles, w, grouping);
	}

	public InvestigationSettings withMaxCycles(int n) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare, n,
				windowSeconds, grouping);
	}

	public InvestigationSettings withGrouping(Grouping g) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, localizedShare,
				maxCycles, windowSeconds, g);
	}

	public InvestigationSettings withLocalizedShare(double x) {
		return new InvestigationSettings(cvThreshold, minTraces, perCycle, totalFraction, strategy, x, maxCycles,
				windowSeconds, grouping);
	}
}
