// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.util.List;

/**
 * One record of a session journal: what the cycle engine did or was told, in the order it happened. Replaying the
 * records of a session rebuilds it; every record carries the cycle it belongs to and when it was made.
 */
public sealed interface JournalRecord {

	int cycle();

	/** Wall-clock time of the record, ms since the epoch. */
	long time();

	/** A new session, and the instrumentation it starts from (the skeleton). */
	record Start(int cycle, long time, List<InstrumentationState.Toggle> toggles) implements JournalRecord {
		public Start {
			toggles = List.copyOf(toggles);
		}
	}

	/** The engine moved to another phase. Not forced to disk: a lost phase record only repeats the work. */
	record PhaseChange(int cycle, long time, CycleEngine.Phase phase) implements JournalRecord {
	}

	/**
	 * A cycle's proposals; with {@code thenStop}, the session stops after they are pushed.
	 *
	 * @param localized the tracepoint localized when the session stops after them, or null
	 */
	record Proposals(int cycle, long time, List<Proposal> items, StopReason thenStop, String localized)
			implements JournalRecord {
		public Proposals {
			items = List.copyOf(items);
		}
	}

	/**
	 * The engineer's (or the autopilot's) decision on one proposal.
	 *
	 * @param requestType the request type the toggle was moved to, or null when its scope stays
	 */
	record Decided(int cycle, long time, int index, CycleEngine.Decision decision, String requestType)
			implements JournalRecord {
	}

	/** Toggles every agent applied. */
	record Pushed(int cycle, long time, List<InstrumentationState.Toggle> enabled,
			List<InstrumentationState.Toggle> disabled) implements JournalRecord {
		public Pushed {
			enabled = List.copyOf(enabled);
			disabled = List.copyOf(disabled);
		}
	}

	/**
	 * The session ended.
	 *
	 * @param localized the tracepoint localized, or null
	 * @param enabled   tracepoints enabled at the end
	 */
	record Stopped(int cycle, long time, StopReason reason, String localized, int enabled) implements JournalRecord {
	}

	/** A problem localized; the session goes on to the problems it does not explain. */
	record Localized(int cycle, long time, Finding finding) implements JournalRecord {
	}
}
