// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The trace files and folders the engineer opened for this investigation, in the order they were opened.
 * Lives in the application context so that the File menu and the views share one list.
 */
public final class TraceSourceList {

	private final List<Path> sources = new ArrayList<>();
	private final List<Consumer<List<Path>>> listeners = new CopyOnWriteArrayList<>();

	/** Adds the paths not already present; listeners see the whole list afterwards. */
	public void addAll(Collection<Path> paths) {
		List<Path> snapshot;
		synchronized (sources) {
			for (Path p : paths) {
				Path normalized = p.toAbsolutePath().normalize();
				if (!sources.contains(normalized)) {
					sources.add(normalized);
				}
			}
			snapshot = List.copyOf(sources);
		}
		listeners.forEach(l -> l.accept(snapshot));
	}

	public List<Path> paths() {
		synchronized (sources) {
			return List.copyOf(sources);
		}
	}

	public void addListener(Consumer<List<Path>> listener) {
		listeners.add(listener);
	}

	public void removeListener(Consumer<List<Path>> listener) {
		listeners.remove(listener);
	}
}
