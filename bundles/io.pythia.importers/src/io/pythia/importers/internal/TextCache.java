// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Canonical strings for values that repeat across spans (operation names, process ids, tag keys and values): the
 * parser's characters are looked up in place, so a repeated value costs no new String and later lookups hit a
 * cached hash. Open addressing; once full, values are simply read as new strings.
 */
final class TextCache {

	private static final int SLOTS = 1 << 13;
	private static final int MAX_LENGTH = 96;

	private final String[] slots = new String[SLOTS];
	/** Each slot's characters, compared in place with Arrays.equals (vectorized) rather than char by char. */
	private final char[][] chars = new char[SLOTS][];
	private int size;

	/** The current string value, canonical when short; null for JSON null; containers are skipped. */
	String text(JsonParser p) throws IOException {
		JsonToken t = p.currentToken();
		if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
			return FormatReader.text(p); // numbers repeat too (OTLP's span kind): both have their text in place
		}
		int len = p.getTextLength();
		if (len > MAX_LENGTH) {
			return p.getText();
		}
		char[] buf = p.getTextCharacters();
		int off = p.getTextOffset();
		int h = 0;
		for (int i = 0; i < len; i++) {
			h = 31 * h + buf[off + i];
		}
		int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
		for (int probe = 0; probe < 8; probe++) {
			String s = slots[slot];
			if (s == null) {
				String fresh = new String(buf, off, len);
				if (size < SLOTS / 2) {
					slots[slot] = fresh;
					chars[slot] = fresh.toCharArray();
					size++;
				}
				return fresh;
			}
			if (s.length() == len && s.hashCode() == h && Arrays.equals(chars[slot], 0, len, buf, off, off + len)) {
				return s;
			}
			slot = (slot + 1) & (SLOTS - 1);
		}
		return new String(buf, off, len);
	}
}
