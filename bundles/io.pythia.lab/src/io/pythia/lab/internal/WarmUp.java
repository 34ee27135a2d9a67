// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells when the lab has warmed up: its response times per request type, in windows of five seconds, stop falling.
 * Freshly started JVMs compile their hot code for the first tens of seconds, and requests meanwhile are slow and
 * erratic; an investigation started then chases that noise instead of the injected problem.
 */
final class WarmUp {

	static final int WINDOW_SECONDS = 5;
	static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;
	/** Medians that moved less than this between windows count as settled. */
	static final double SETTLED = 0.10;
	/** Settled windows in a row that make the lab warm. */
	static final int SETTLED_WINDOWS = 2;
	/** Fewer samples of a type in a window say nothing about it. */
	static final int MIN_SAMPLES = 5;

	private Map<String, List<Long>> window = new TreeMap<>();
	private Map<String, Double> previous = Map.of();
	private int windows;
	private int settledInARow;
	private boolean warm;

	synchronized void record(String type, long nanos) {
		window.computeIfAbsent(type, t -> new ArrayList<>()).add(nanos);
	}

	/** Ends the current window; returns a line that says what it saw. */
	synchronized String closeWindow() {
		windows++;
		Map<String, Double> medians = new TreeMap<>();
		int count = 0;
		for (Map.Entry<String, List<Long>> e : window.entrySet()) {
			count += e.getValue().size();
			if (e.getValue().size() >= MIN_SAMPLES) {
				long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
				medians.put(e.getKey(), v[v.length / 2] / 1e6);
			}
		}
		boolean settled = !medians.isEmpty() && !previous.isEmpty() && previous.keySet().containsAll(medians.keySet());
		for (Map.Entry<String, Double> m : medians.entrySet()) {
			Double before = previous.get(m.getKey());
			settled &= before != null && Math.abs(m.getValue() - before) <= SETTLED * before;
		}
		settledInARow = settled ? settledInARow + 1 : 0;
		warm |= settledInARow >= SETTLED_WINDOWS;
		previous = medians;
		window = new TreeMap<>();
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "t=%ds: %d requests; median ms", seconds(), count));
		medians.forEach((type, ms) -> line.append(String.format(Locale.ROOT, " %s %.0f", type, ms)));
		return line.append(warm ? "; warm" : "; warming up").toString();
	}

	synchronized boolean warm() {
		return warm;
	}

	/** Seconds the workload has run, by the windows closed. */
	synchronized long seconds() {
		return (long) windows * WINDOW_SECONDS;
	}
}
