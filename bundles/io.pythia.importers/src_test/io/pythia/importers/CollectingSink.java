// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.util.ArrayList;
import java.util.List;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;

/** Keeps what an importer delivers, for assertions. */
final class CollectingSink implements TraceSink {

	final List<Trace> traces = new ArrayList<>();
	final List<TraceWarning> warnings = new ArrayList<>();
	final List<String> rejected = new ArrayList<>();

	@Override
	public void trace(Trace trace) {
		traces.add(trace);
	}

	@Override
	public void warning(TraceWarning warning) {
		warnings.add(warning);
	}

	@Override
	public void rejected(String traceId, String reason) {
		rejected.add(traceId + ": " + reason);
	}

	int spans() {
		return traces.stream().mapToInt(Trace::spans).sum();
	}

	int events() {
		return traces.stream().mapToInt(Trace::recordedEvents).sum();
	}

	String warningText() {
		return String.join("\n", warnings.stream().map(w -> w.trace() + ": " + w.message()).toList());
	}
}
