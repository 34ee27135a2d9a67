// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

/** Why a search stopped. */
public enum StopReason {
	/** The top edge explains enough of the variance and nothing deeper can be enabled inside it. */
	LOCALIZED("localized"),
	/** No problem group is left. */
	VARIANCE_GONE("variance-gone"),
	/** The overhead budget does not allow enabling more. */
	BUDGET("budget"),
	/** The maximum number of cycles was reached. */
	MAX_CYCLES("max-cycles");

	private final String label;

	StopReason(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	/** The reason with this label. */
	public static StopReason ofLabel(String label) {
		for (StopReason s : values()) {
			if (s.label.equals(label)) {
				return s;
			}
		}
		throw new IllegalArgumentException("unknown stop reason '" + label + "'");
	}
}
