// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.nio.file.Path;

import io.pythia.search.CycleEngine;
import io.pythia.search.JournalRecord;

/**
 * Test helper run as a separate JVM: appends decisions to a journal, printing "DECIDED run index" once each is
 * durable, until the test kills it (or a minute has passed, or its parent is gone).
 */
public final class JournalChild {

	public static void main(String[] args) throws Exception {
		int run = Integer.parseInt(args[1]);
		// bounded, and gone with its parent: a test that fails before its kill leaves nothing running
		long deadline = System.nanoTime() + 60_000_000_000L;
		ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
		try (JsonlJournal journal = JsonlJournal.open(Path.of(args[0]))) {
			for (int i = 0; System.nanoTime() < deadline && (parent == null || parent.isAlive()); i++) {
				journal.append(new JournalRecord.PhaseChange(run, System.currentTimeMillis(), CycleEngine.Phase.COLLECTING), false);
				journal.append(new JournalRecord.Decided(run, System.currentTimeMillis(), i, CycleEngine.Decision.APPROVED, null), true);
				System.out.println("DECIDED " + run + " " + i);
				System.out.flush();
			}
		}
	}
}
