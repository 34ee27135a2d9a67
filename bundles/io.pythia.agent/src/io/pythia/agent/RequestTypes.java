// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One bit per request type, so that a tracepoint's "enabled for this request's type?" is one AND of two longs. The
 * first 63 types seen in the process get their own bit; any later type shares {@link #SHARED}, and a tracepoint then
 * also compares the type's name (correct, only slower). Bits are never reused: a context may outlive its toggles.
 */
final class RequestTypes {

	/** The bit of every type beyond the first 63. */
	static final long SHARED = Long.MIN_VALUE;

	private static final Map<String, Long> BITS = new ConcurrentHashMap<>();

	private RequestTypes() {
	}

	static long bit(String type) {
		if (type == null) {
			return 0;
		}
		Long bit = BITS.get(type);
		if (bit != null) {
			return bit;
		}
		if (BITS.size() >= 63) {
			return SHARED; // not stored: types arrive in requests' baggage, and the map must not grow without bound
		}
		synchronized (BITS) {
			bit = BITS.get(type);
			if (bit == null) {
				bit = BITS.size() < 63 ? 1L << BITS.size() : SHARED;
				if (bit != SHARED) {
					BITS.put(type, bit);
				}
			}
			return bit;
		}
	}

	/** The bits of the given types, OR-ed. */
	static long mask(String[] types) {
		long mask = 0;
		for (String t : types) {
			mask |= bit(t);
		}
		return mask;
	}
}
