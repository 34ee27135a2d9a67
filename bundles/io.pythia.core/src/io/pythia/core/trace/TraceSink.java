// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

/** Receives traces as an importer assembles them, one at a time, and the warnings raised on the way. */
public interface TraceSink {

	void trace(Trace trace);

	void warning(TraceWarning warning);

	/** A sink of two functions, e.g. {@code TraceSink.of(analysis::accept, analysis::warn)}. */
	static TraceSink of(java.util.function.Consumer<Trace> traces, java.util.function.Consumer<TraceWarning> warnings) {
		return new TraceSink() {
			@Override
			public void trace(Trace trace) {
				traces.accept(trace);
			}

			@Override
			public void warning(TraceWarning warning) {
				warnings.accept(warning);
			}
		};
	}

	/** A trace that could not be assembled (e.g. its parent references form a cycle); the others go on. */
	default void rejected(String traceId, String reason) {
		warning(new TraceWarning(traceId, reason));
	}
}
