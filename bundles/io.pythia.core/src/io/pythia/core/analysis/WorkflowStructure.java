// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.HashMap;
import java.util.Map;

import io.pythia.core.trace.Trace;

/**
 * The structure of a request's workflow as one 64-bit value: every event with its tracepoint and kind, nested in its
 * calling context (the span it runs inside), siblings in any order, times ignored. Two traces that make the same calls
 * from the same places get the same value, whichever concurrent branch finished last.
 * <p>
 * It is a tree hash: an event's value mixes its tracepoint and kind with the sum of its children's mixed values
 * (a sum, so sibling order does not matter). Distinct structures collide with probability about 2^-64 per pair, so a
 * million distinct structures in one analysis collide with probability under 1e-7; the value is compared, not the
 * trees. Not thread-safe (it caches tracepoint hashes): one per {@link Analysis}.
 */
final class WorkflowStructure implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	private final Map<String, Long> tracepointHashes = new HashMap<>();

	long of(String requestType, Trace t) {
		int n = t.size();
		// depth of each event in the calling-context tree, so children are folded into parents deepest first
		int[] depth = new int[n];
		java.util.Arrays.fill(depth, -1);
		int maxDepth = 0;
		int[] chain = new int[16];
		for (int e = 0; e < n; e++) {
			int len = 0;
			int c = e;
			while (c >= 0 && depth[c] < 0) {
				if (len == chain.length) {
					chain = java.util.Arrays.copyOf(chain, len * 2);
				}
				chain[len++] = c;
				c = t.enclosing(c);
				if (len > n) {
					throw new IllegalStateException("calling contexts of trace " + t.id() + " form a cycle");
				}
			}
			int d = c < 0 ? 0 : depth[c] + 1;
			for (int i = len - 1; i >= 0; i--) {
				depth[chain[i]] = d++;
			}
			maxDepth = Math.max(maxDepth, d - 1);
		}
		int[] start = new int[maxDepth + 2];
		for (int e = 0; e < n; e++) {
			start[depth[e] + 1]++;
		}
		for (int d = 0; d <= maxDepth; d++) {
			start[d + 1] += start[d];
		}
		int[] byDepth = new int[n];
		int[] fill = start.clone();
		for (int e = 0; e < n; e++) {
			byDepth[fill[depth[e]]++] = e;
		}
		long[] children = new long[n];
		long top = 0;
		for (int i = n - 1; i >= 0; i--) {
			int e = byDepth[i];
			long h = mix(tracepointHash(t.tracepoint(e)) ^ (t.kind(e).ordinal() + 1L) * 0x9e3779b97f4a7c15L
					^ mix(children[e] + 0x632be59bd9b4e019L));
			int parent = t.enclosing(e);
			if (parent >= 0) {
				children[parent] += h;
			} else {
				top += h;
			}
		}
		return mix(tracepointHash(requestType) ^ mix(top));
	}

	private long tracepointHash(String s) {
		Long cached = tracepointHashes.get(s);
		if (cached != null) {
			return cached;
		}
		long h = 0xcbf29ce484222325L;
		for (int i = 0; i < s.length(); i++) {
			h = (h ^ s.charAt(i)) * 0x100000001b3L;
		}
		h = mix(h);
		if (tracepointHashes.size() < 1 << 20) {
			tracepointHashes.put(s, h);
		}
		return h;
	}

	/** The SplitMix64 finalizer: every input bit reaches every output bit. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}
}
