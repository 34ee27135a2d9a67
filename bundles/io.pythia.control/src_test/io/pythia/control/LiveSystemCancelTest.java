// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.pythia.core.Progress;

/** A collection waits a whole window; a cancel, from another thread or through a progress, cuts it short. */
class LiveSystemCancelTest {

	@Test
	void aCancelCutsTheCollectionShortAndTheNextOneWaitsAgain() throws Exception {
		try (LiveSystem live = new LiveSystem(0, Duration.ofSeconds(30), 100)) {
			long t0 = System.nanoTime();
			Thread.ofVirtual().start(() -> {
				try {
					Thread.sleep(300);
				} catch (InterruptedException e) {
					return;
				}
				live.cancel();
			});
			IOException e = assertThrows(IOException.class, live::collect);
			assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
			double seconds = (System.nanoTime() - t0) / 1e9;
			assertTrue(seconds < 5, "cut short after " + seconds + " s, not the 30 s window");

			AtomicBoolean cancelled = new AtomicBoolean();
			live.watch(Progress.cancelledWhen(cancelled::get));
			Thread.ofVirtual().start(() -> {
				try {
					Thread.sleep(300);
				} catch (InterruptedException x) {
					return;
				}
				cancelled.set(true);
			});
			assertThrows(IOException.class, live::collect, "a cancelled progress cuts it short too");
			live.watch(Progress.NONE);
		}
		// a cancel consumed by one collection does not cut the next one
		try (LiveSystem live = new LiveSystem(0, Duration.ofMillis(300), 50)) {
			live.cancel();
			assertThrows(IOException.class, live::collect);
			assertEquals(List.of(), live.collect(), "nothing was sent; the window ran out");
		}
	}
}
