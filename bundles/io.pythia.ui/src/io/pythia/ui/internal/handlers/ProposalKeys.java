// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.handlers;

import java.util.function.Consumer;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

import io.pythia.ui.internal.parts.ProposalsPart;

/**
 * The handlers of the proposal keys (bound in the application model, listed by Help &gt; Keys): each does what its
 * button does, in the Proposals view, wherever the focus is.
 */
public final class ProposalKeys {

	public static final String PROPOSALS_PART = "io.pythia.app.part.proposals";

	private ProposalKeys() {
	}

	static void on(EPartService parts, Consumer<ProposalsPart> action) {
		MPart part = parts.findPart(PROPOSALS_PART);
		if (part == null) {
			return;
		}
		if (part.getObject() == null) {
			parts.showPart(part, EPartService.PartState.VISIBLE); // created on first use
		}
		if (part.getObject() instanceof ProposalsPart p) {
			action.accept(p);
		}
	}

	/** Ctrl+Shift+Y: approve the selected proposals. */
	public static class Approve {
		@Execute
		public void execute(EPartService parts) {
			on(parts, ProposalsPart::approveSelected);
		}
	}

	/** Ctrl+Shift+N: reject the selected proposals. */
	public static class Reject {
		@Execute
		public void execute(EPartService parts) {
			on(parts, ProposalsPart::rejectSelected);
		}
	}

	/** Ctrl+Shift+A: approve every proposal of the cycle. */
	public static class ApproveAll {
		@Execute
		public void execute(EPartService parts) {
			on(parts, ProposalsPart::approveAll);
		}
	}

	/** Ctrl+Shift+P: push the approved toggles. */
	public static class Push {
		@Execute
		public void execute(EPartService parts) {
			on(parts, ProposalsPart::pushApproved);
		}
	}
}
