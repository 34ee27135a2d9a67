// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal strings (tracepoint ids, services, hosts, tag keys) across traces: a corpus has millions of events
 * but only thousands of distinct names. Bounded: past its capacity it stops adding and returns its argument.
 */
public final class Interner {

	private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
	private final int capacity;

	public Interner() {
		this(1 << 20);
	}

	public Interner(int capacity) {
		this.capacity = capacity;
	}

	public String intern(String s) {
		if (s == null) {
			return null;
		}
		String known = names.get(s);
		if (known != null) {
			return known;
		}
		if (names.size() >= capacity) {
			return s;
		}
		known = names.putIfAbsent(s, s);
		return known == null ? s : known;
	}
}
