// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

/** What an event marks at its tracepoint. A span becomes an ENTRY and an EXIT event. */
public enum EventKind {
	ENTRY("start"), EXIT("end"), POINT("point");

	private final String label;

	EventKind(String label) {
		this.label = label;
	}

	/** Short word used in reports and graph labels. */
	public String label() {
		return label;
	}
}
