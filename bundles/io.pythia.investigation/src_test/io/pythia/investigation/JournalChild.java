// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.nio.file.Path;

import io.pythia.search.CycleEngine;
import io.pythia.search.JournalRecord;

/**
 * Test helper run as a separate JVM: appends decisions to a journal for ever, printing "DECIDED run index" once each
 * is durable. The test kills it.
 */
public final class JournalChild {

	public static void main(String[] args) throws Exception {
		int run = Integer.parseInt(args[1]);
		try (JsonlJournal journal = JsonlJournal.open(Path.of(args[0]))) {
			for (int i = 0;; i++) {
				journal.append(new JournalRecord.PhaseChange(run, System.currentTimeMillis(), CycleEngine.Phase.COLLECTING), false);
				journal.append(new JournalRecord.Decided(run, System.currentTimeMillis(), i, CycleEngine.Decision.APPROVED, null), true);
				System.out.println("DECIDED " + run + " " + i);
				System.out.flush();
			}
		}
	}
}
