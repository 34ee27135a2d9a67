// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;

/** Spans come out of the streaming job's binary form as they went in. */
class SpanCodecTest {

	@Test
	void spansSurviveTheirBinaryFormWithNullsTagsAndLongValues() {
		SpanInput root = new SpanInput("a1", null, 1_700_000_000_000_000_000L, 5_000_000, "front:GET /",
				new Attributes("front", "host-1", "GET /", Map.of("http.method", "GET", "note", "x".repeat(70_000))));
		SpanInput child = new SpanInput("b2", "a1", 1_700_000_000_001_000_000L, SpanInput.UNKNOWN_DURATION, "db:SELECT",
				new Attributes("db", "", "SELECT", Map.of()));
		assertEquals(1_700_000_000_000_000_000L, SpanCodec.startNanos(SpanCodec.encode(root)));
		byte[] record = SpanCodec.trace("0102", List.of(SpanCodec.encode(root), SpanCodec.encode(child)));
		Map.Entry<String, List<SpanInput>> back = SpanCodec.decodeTrace(record, new Interner());
		assertEquals("0102", back.getKey());
		assertEquals(List.of(root, child), back.getValue());
		assertThrows(java.io.UncheckedIOException.class,
				() -> SpanCodec.decodeTrace(java.util.Arrays.copyOf(record, record.length - 3), new Interner()),
				"a record cut short is an error, not a wrong span");
	}
}
