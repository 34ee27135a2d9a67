// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.util.Base64;

/** Trace and span ids as lowercase hex, whatever the producer wrote (hex of any case, base64, stripped zeros). */
final class Ids {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Ids() {
	}

	/**
	 * Normalizes an id: hex is lower-cased and left-padded to 16 or 32 digits (Jaeger strips leading zeros); base64
	 * (OTLP from gogo/protobuf, Jaeger's domain model) is decoded to hex; anything else is kept as written.
	 */
	static String normalize(String id) {
		if (id == null || id.isEmpty()) {
			return id;
		}
		if ((id.length() == 16 || id.length() == 32) && isLowerHex(id)) {
			return id; // the common case, without allocation
		}
		if (isHex(id)) {
			String lower = id.toLowerCase();
			int len = lower.length();
			int target = len <= 16 ? 16 : len <= 32 ? 32 : len;
			return len == target ? lower : "0".repeat(target - len) + lower;
		}
		if ((id.length() == 24 || id.length() == 12) && id.matches("[A-Za-z0-9+/]+=*")) {
			try {
				return hex(Base64.getDecoder().decode(id));
			} catch (IllegalArgumentException e) {
				return id;
			}
		}
		return id;
	}

	/** Lowercase hex digits by character (one load per character instead of four comparisons). */
	private static final boolean[] LOWER_HEX = new boolean[128];

	static {
		for (char c : HEX) {
			LOWER_HEX[c] = true;
		}
	}

	/** Whether the characters are lowercase hex digits, checked in place. */
	static boolean isLowerHex(char[] buf, int off, int len) {
		for (int i = off; i < off + len; i++) {
			char c = buf[i];
			if (c >= 128 || !LOWER_HEX[c]) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerHex(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= 128 || !LOWER_HEX[c]) {
				return false;
			}
		}
		return true;
	}

	static boolean isHex(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
				return false;
			}
		}
		return true;
	}

	static String hex(byte[] bytes) {
		char[] out = new char[bytes.length * 2];
		for (int i = 0; i < bytes.length; i++) {
			out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
			out[2 * i + 1] = HEX[bytes[i] & 0xf];
		}
		return new String(out);
	}
}
