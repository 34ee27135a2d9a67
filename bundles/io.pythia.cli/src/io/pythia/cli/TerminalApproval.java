// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pythia.search.CycleEngine;
import io.pythia.search.Proposal;

/**
 * Approval one by one in the terminal: each proposal of the cycle is shown and answered with y (approve), n
 * (reject), a (approve it and the rest of this cycle) or q (stop asking; the session stays in its journal).
 */
final class TerminalApproval {

	/** The answers to one cycle's proposals; {@code quit} when the engineer (or the end of the input) stopped. */
	record Answers(Map<Integer, CycleEngine.Decision> decisions, boolean quit) {
	}

	private final BufferedReader in;
	private final PrintStream prompt;

	TerminalApproval(BufferedReader in, PrintStream prompt) {
		this.in = in;
		this.prompt = prompt;
	}

	/** Asks about every proposal not decided yet, in order. */
	Answers ask(int cycle, List<Proposal> proposals, Map<Integer, CycleEngine.Decision> decided) throws IOException {
		prompt.printf(Locale.ROOT, "cycle %d proposes:%n", cycle);
		for (int i = 0; i < proposals.size(); i++) {
			prompt.printf(Locale.ROOT, "  %d. %s%n", i + 1, describe(proposals.get(i)));
		}
		Map<Integer, CycleEngine.Decision> out = new java.util.TreeMap<>();
		boolean all = false;
		for (int i = 0; i < proposals.size(); i++) {
			if (decided.containsKey(i)) {
				continue;
			}
			if (all) {
				out.put(i, CycleEngine.Decision.APPROVED);
				continue;
			}
			while (true) {
				prompt.printf(Locale.ROOT, "approve %d? [y]es, [n]o, [a]ll the rest, [q]uit: ", i + 1);
				prompt.flush();
				String line = in.readLine();
				if (line == null) {
					prompt.println();
					return new Answers(out, true);
				}
				String a = line.strip().toLowerCase(Locale.ROOT);
				if (a.equals("y") || a.equals("yes") || a.isEmpty()) {
					out.put(i, CycleEngine.Decision.APPROVED);
				} else if (a.equals("n") || a.equals("no")) {
					out.put(i, CycleEngine.Decision.REJECTED);
				} else if (a.equals("a") || a.equals("all")) {
					out.put(i, CycleEngine.Decision.APPROVED);
					all = true;
				} else if (a.equals("q") || a.equals("quit")) {
					return new Answers(out, true);
				} else {
					prompt.println("  answer y, n, a or q");
					continue;
				}
				break;
			}
		}
		return new Answers(out, false);
	}

	/** "enable svc:op for type (strategy): why", the why naming the edge and its share of the variance. */
	static String describe(Proposal p) {
		return String.format(Locale.ROOT, "%s %s for %s (%s)%s", p.action().name().toLowerCase(Locale.ROOT),
				p.toggle().tracepoint(), p.toggle().requestType(), p.strategy(),
				p.reason() == null || p.reason().isBlank() ? "" : ": " + p.reason());
	}
}
