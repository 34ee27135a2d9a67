// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

/** Receives traces as an importer assembles them, one at a time, and the warnings raised on the way. */
public interface TraceSink {

	void trace(Trace trace);

	void warning(TraceWarning warning);

	/** A trace that could not be assembled (e.g. its parent references form a cycle); the others go on. */
	default void rejected(String traceId, String reason) {
		warning(new TraceWarning(traceId, reason));
	}
}
