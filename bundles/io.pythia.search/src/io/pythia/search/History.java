// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.HashMap;
import java.util.Map;

/** Which tracepoints mattered before, per request type: how often each was where a problem was localized. */
public final class History {

	private final Map<String, Map<String, Integer>> scores = new HashMap<>();

	public void record(String requestType, String tracepoint) {
		scores.computeIfAbsent(requestType, k -> new HashMap<>()).merge(tracepoint, 1, Integer::sum);
	}

	public int score(String requestType, String tracepoint) {
		return scores.getOrDefault(requestType, Map.of()).getOrDefault(tracepoint, 0);
	}

	public boolean isEmpty() {
		return scores.isEmpty();
	}
}
