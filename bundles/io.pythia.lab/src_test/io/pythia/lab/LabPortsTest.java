// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The lab chooses all its ports before any service binds one. Random picks in about 22,000 ports collide for one
 * start in about 150 (18 ports), and then one service answered for another; a start never hands out a port twice.
 */
class LabPortsTest {

	@Test
	void oneStartNeverHandsOutAPortTwice() throws Exception {
		int low = LabController.ephemeralLow();
		assertTrue(low > 11_000 && low < 65_536, "the ephemeral range starts at " + low);
		Set<Integer> chosen = new HashSet<>();
		int picks = 3_000; // far more than a start needs, so that random picks would repeat many times
		for (int i = 0; i < picks; i++) {
			int port = LabController.freePort(chosen);
			assertTrue(port >= 10_000 && port < low, port + " is below the ephemeral range, which starts at " + low);
		}
		assertEquals(picks, chosen.size(), "every pick is a new port");
	}
}
