// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.Locale;

/**
 * Which requests are expected to perform alike. Both keep the request type; they differ in what "same structure"
 * means.
 */
public enum Grouping {
	/**
	 * Same workflow: the same calls, each in the same calling context (the span tree, siblings in any order), timing
	 * ignored. Which of two concurrent branches finished last does not split the group; each critical-path edge's
	 * contribution (its time on the path, 0 in a trace whose path does not take it) carries the variance instead.
	 */
	WORKFLOW,
	/** Same critical path: the sequence of tracepoints and event kinds along it. Finer; the earlier default. */
	CRITICAL_PATH;

	/** The name the command line and the settings use: "workflow" or "critical-path". */
	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The grouping of a label, in any case, or an IllegalArgumentException that lists the choices. */
	public static Grouping of(String label) {
		for (Grouping g : values()) {
			if (g.label().equalsIgnoreCase(label.trim())) {
				return g;
			}
		}
		throw new IllegalArgumentException("unknown grouping '" + label + "': choose workflow or critical-path");
	}
}
