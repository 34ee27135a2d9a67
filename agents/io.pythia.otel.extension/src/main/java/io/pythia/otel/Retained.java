// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map whose entries, once {@link #retire retired}, stay readable for at least the retention time and then go:
 * a disabled span's children are exported, and late children of a request start, after the span itself ended.
 * Two generations swapped on retirement keep it to one map operation per call, no timer thread.
 */
final class Retained<K, V> {

	private final long retentionNanos;
	private final Map<K, V> live = new ConcurrentHashMap<>();
	private volatile Map<K, V> recent = new ConcurrentHashMap<>();
	private volatile Map<K, V> older = new ConcurrentHashMap<>();
	private volatile long swappedAt = System.nanoTime();

	Retained(long retentionMillis) {
		this.retentionNanos = retentionMillis * 1_000_000;
	}

	void put(K key, V value) {
		live.put(key, value);
	}

	/** The value for the key, live again if it was retired; else {@code value}, now live. */
	V putIfAbsent(K key, V value) {
		V had = live.get(key);
		if (had != null) {
			return had;
		}
		V retired = recent.get(key);
		if (retired == null) {
			retired = older.get(key);
		}
		V v = retired != null ? retired : value;
		had = live.putIfAbsent(key, v);
		return had != null ? had : v;
	}

	V get(K key) {
		V v = live.get(key);
		if (v == null) {
			v = recent.get(key);
			if (v == null) {
				v = older.get(key);
			}
		}
		return v;
	}

	/** The entry is no longer live: it stays readable for the retention time. */
	void retire(K key) {
		V v = live.remove(key);
		long now = System.nanoTime();
		if (now - swappedAt >= retentionNanos) {
			synchronized (this) {
				if (now - swappedAt >= retentionNanos) {
					older = recent;
					recent = new ConcurrentHashMap<>();
					swappedAt = now;
				}
			}
		}
		if (v != null) {
			recent.put(key, v);
		}
	}

	/** Live and retained entries (for tests and health). */
	int size() {
		return live.size() + recent.size() + older.size();
	}
}
