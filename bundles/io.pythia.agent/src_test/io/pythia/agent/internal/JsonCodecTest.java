// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonCodecTest {

	@Test
	void roundTripsNestedValues() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", "a \"quoted\"\nline\t\u0001");
		m.put("count", 42L);
		m.put("share", 0.25);
		m.put("ok", true);
		m.put("none", null);
		m.put("list", List.of(1L, "two", List.of(), Map.of()));
		String text = JsonCodec.write(m);
		assertEquals(m, JsonCodec.parse(text));
		assertEquals(-3.5e-7, JsonCodec.parse("-3.5e-7"));
		assertEquals(Arrays.asList(1L, null), JsonCodec.parse(" [1, null] "));
	}

	@Test
	void errorsSayWhere() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonCodec.parse("{\"a\": [1, 2}"));
		assertTrue(e.getMessage().contains("character 11"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> JsonCodec.parse("{\"a\": 1"));
		assertThrows(IllegalArgumentException.class, () -> JsonCodec.parse("[1] x"));
		assertThrows(IllegalArgumentException.class, () -> JsonCodec.write(Double.NaN));
	}
}
