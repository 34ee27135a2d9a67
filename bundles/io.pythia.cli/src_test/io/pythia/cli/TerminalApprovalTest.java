// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pythia.search.CycleEngine.Decision;
import io.pythia.search.InstrumentationState.Toggle;
import io.pythia.search.Proposal;

class TerminalApprovalTest {

	private final ByteArrayOutputStream shown = new ByteArrayOutputStream();

	private TerminalApproval.Answers answer(String input, Map<Integer, Decision> decided) throws Exception {
		shown.reset();
		return new TerminalApproval(new BufferedReader(new StringReader(input)), new PrintStream(shown, true, StandardCharsets.UTF_8))
				.ask(2, proposals(), decided);
	}

	private static List<Proposal> proposals() {
		return List.of(proposal("svc:a"), proposal("svc:b"), proposal("svc:c"), proposal("svc:d"));
	}

	private static Proposal proposal(String tp) {
		return new Proposal(Proposal.Action.ENABLE, new Toggle(tp, "create"), "hierarchical", "g1", "x -> y", 0.62, "inside the edge");
	}

	@Test
	void eachProposalIsAnsweredAndAllApprovesTheRest() throws Exception {
		TerminalApproval.Answers a = answer("y\nmaybe\nn\na\n", Map.of());
		assertEquals(Map.of(0, Decision.APPROVED, 1, Decision.REJECTED, 2, Decision.APPROVED, 3, Decision.APPROVED), a.decisions());
		assertFalse(a.quit());
		String s = shown.toString(StandardCharsets.UTF_8);
		assertTrue(s.contains("cycle 2 proposes:") && s.contains("1. enable svc:a for create (hierarchical): inside the edge"), s);
		assertTrue(s.contains("answer y, n, a or q"), "a word it does not know is asked again: " + s);
	}

	@Test
	void decidedProposalsAreNotAskedAgainAndQuitOrTheEndOfInputStops() throws Exception {
		TerminalApproval.Answers a = answer("n\nq\n", Map.of(0, Decision.APPROVED));
		assertEquals(Map.of(1, Decision.REJECTED), a.decisions());
		assertTrue(a.quit());
		TerminalApproval.Answers eof = answer("y\n", Map.of());
		assertEquals(Map.of(0, Decision.APPROVED), eof.decisions());
		assertTrue(eof.quit(), "the end of the input stops asking");
	}
}
