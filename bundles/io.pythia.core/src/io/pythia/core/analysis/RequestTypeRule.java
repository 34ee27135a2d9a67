// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import io.pythia.core.trace.Trace;

/**
 * Decides a trace's request type: requests of one type are expected to perform alike. By default the root's
 * operation name (for OSProfiler the root tracepoint's name, for X-Trace the root label).
 */
@FunctionalInterface
public interface RequestTypeRule {

	String requestType(Trace trace);

	RequestTypeRule ROOT_OPERATION = new Named("root-operation");
	RequestTypeRule ROOT_TRACEPOINT = new Named("root-tracepoint");

	/** The value of a tag of the root span; traces without it get "(no KEY)". */
	static RequestTypeRule rootTag(String key) {
		return new Named("tag:" + key);
	}

	/**
	 * A rule by its spec ({@link #parse}): a value, so that an analysis sent to another process (a Flink worker)
	 * comes back with options equal to the ones it left with, and analyses still merge.
	 */
	record Named(String spec) implements RequestTypeRule, java.io.Serializable {

		@Override
		public String requestType(Trace t) {
			return switch (spec) {
			case "root-operation" -> t.attributes(t.rootEvent()).operation();
			case "root-tracepoint" -> t.tracepoint(t.rootEvent());
			default -> t.attributes(t.rootEvent()).tags().getOrDefault(spec.substring(4), "(no " + spec.substring(4) + ")");
			};
		}
	}

	/**
	 * Parses "root-operation", "root-tracepoint" or "tag:KEY".
	 *
	 * @throws IllegalArgumentException naming the accepted forms
	 */
	static RequestTypeRule parse(String spec) {
		if ("root-operation".equals(spec)) {
			return ROOT_OPERATION;
		}
		if ("root-tracepoint".equals(spec)) {
			return ROOT_TRACEPOINT;
		}
		if (spec != null && spec.startsWith("tag:") && spec.length() > 4) {
			return rootTag(spec.substring(4));
		}
		throw new IllegalArgumentException(
				"unknown request-type rule '" + spec + "': use root-operation, root-tracepoint or tag:KEY");
	}
}
