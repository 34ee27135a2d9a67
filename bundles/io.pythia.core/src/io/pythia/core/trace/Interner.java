// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal strings (tracepoint ids, services, hosts, tag keys) across traces: a corpus has millions of events
 * but only thousands of distinct names. Bounded: past its capacity it stops adding and returns its argument.
 */
public final class Interner {

	private static final int RECENT = 1 << 12;

	private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
	/**
	 * Canonical strings by hash, checked by identity before the map: most calls pass a string that is already
	 * canonical (the importers' own caches hand out the same instances), and an array probe costs less than the
	 * map's. Racy on purpose: a String is safely published through its final fields, and a lost or stale slot is
	 * only a miss.
	 */
	private final String[] recent = new String[RECENT];
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
		int slot = s.hashCode() & (RECENT - 1);
		if (recent[slot] == s) {
			return s;
		}
		String known = names.get(s);
		if (known != null) {
			recent[slot] = known;
			return known;
		}
		if (names.size() >= capacity) {
			return s;
		}
		known = names.putIfAbsent(s, s);
		known = known == null ? s : known;
		recent[slot] = known;
		return known;
	}
}
