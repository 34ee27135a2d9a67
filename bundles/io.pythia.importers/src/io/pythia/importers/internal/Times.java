// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Time stamps and durations as the formats write them, to nanoseconds. */
final class Times {

	private Times() {
	}

	/** ISO date-time with or without offset; a naive one (OSProfiler) is taken as UTC. */
	static long isoToNanos(String text) {
		try {
			OffsetDateTime t = OffsetDateTime.parse(text);
			return t.toEpochSecond() * 1_000_000_000L + t.getNano();
		} catch (DateTimeParseException e) {
			LocalDateTime t = LocalDateTime.parse(text);
			return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
		}
	}

	/** Go duration strings as Jaeger's model writes them: "5000ns", "1.5ms", "2m3.5s". */
	static long goDurationToNanos(String text) {
		long total = 0;
		int i = 0;
		int n = text.length();
		if (n == 0) {
			throw new NumberFormatException("empty duration");
		}
		while (i < n) {
			int numberStart = i;
			while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
				i++;
			}
			if (numberStart == i) {
				throw new NumberFormatException("not a duration: " + text);
			}
			double value = Double.parseDouble(text.substring(numberStart, i));
			int unitStart = i;
			while (i < n && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
				i++;
			}
			String unit = text.substring(unitStart, i);
			double scale = switch (unit) {
			case "ns" -> 1;
			case "us", "µs", "μs" -> 1e3;
			case "ms" -> 1e6;
			case "s" -> 1e9;
			case "m" -> 60e9;
			case "h" -> 3600e9;
			default -> throw new NumberFormatException("unknown unit '" + unit + "' in duration " + text);
			};
			total += Math.round(value * scale);
		}
		return total;
	}
}
