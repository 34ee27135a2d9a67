// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a session's records are kept. The cycle engine appends to it and, when it is opened on a journal that has
 * records, replays them to resume the session. The search holds no file format: the investigation layer keeps
 * journals on disk; {@link #inMemory()} serves replays and tests.
 */
public interface Journal extends AutoCloseable {

	/** The records already in the journal when it was opened, oldest first. */
	List<JournalRecord> records();

	/** Records that could not be read back (a write torn by a crash), skipped. */
	default int skippedRecords() {
		return 0;
	}

	/** Appends a record; with {@code durable} it is kept (on disk, for a file) when this returns. */
	void append(JournalRecord record, boolean durable) throws IOException;

	@Override
	default void close() throws IOException {
	}

	/** A journal that lives as long as the object, starting with {@code records}. */
	static Journal inMemory(List<JournalRecord> records) {
		List<JournalRecord> initial = List.copyOf(records);
		List<JournalRecord> all = new ArrayList<>(initial);
		return new Journal() {
			@Override
			public List<JournalRecord> records() {
				return initial;
			}

			@Override
			public synchronized void append(JournalRecord record, boolean durable) {
				all.add(record);
			}

			@Override
			public String toString() {
				return "in-memory journal of " + all.size() + " records";
			}
		};
	}

	static Journal inMemory() {
		return inMemory(List.of());
	}
}
