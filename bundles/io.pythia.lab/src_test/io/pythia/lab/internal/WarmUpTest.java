// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmUpTest {

	/** One window: {@code n} samples of each type spread by +-20% around the given median (ms; exact for odd n). */
	private static String window(WarmUp w, int n, double createMs, double listMs) {
		for (int i = 0; i < n; i++) {
			double spread = 0.8 + 0.4 * i / (n - 1);
			w.record("create", (long) (createMs * spread * 1e6));
			w.record("list", (long) (listMs * spread * 1e6));
		}
		return w.closeWindow();
	}

	@Test
	void warmOnceMediansStopFallingForTwoWindows() {
		WarmUp w = new WarmUp();
		// the lab's first minute as measured: medians fall steeply, then settle
		assertTrue(window(w, 21, 1388, 394).endsWith("warming up"));
		window(w, 21, 445, 136);
		window(w, 21, 268, 97);
		window(w, 21, 230, 72);
		assertFalse(w.warm(), "still falling by more than 10%");
		window(w, 21, 220, 70); // settled once
		assertFalse(w.warm());
		String line = window(w, 21, 214, 69); // settled twice in a row
		assertTrue(w.warm(), line);
		assertTrue(line.contains("create 214") && line.endsWith("; warm"), line);
		window(w, 21, 600, 69);
		assertTrue(w.warm(), "once warm, a slow window (an injected problem) does not undo it");
	}

	@Test
	void aSettledTypeDoesNotHideOneThatIsStillWarmingUp() {
		WarmUp w = new WarmUp();
		window(w, 21, 200, 300);
		window(w, 21, 200, 200);
		window(w, 21, 200, 150);
		window(w, 21, 200, 110);
		assertFalse(w.warm());
	}

	@Test
	void windowsWithTooFewRequestsSayNothing() {
		WarmUp w = new WarmUp();
		for (int i = 0; i < 5; i++) {
			window(w, WarmUp.MIN_SAMPLES - 1, 200, 100);
		}
		assertFalse(w.warm(), "no type had enough samples in any window");
	}
}
