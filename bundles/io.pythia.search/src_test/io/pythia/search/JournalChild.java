// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.nio.file.Path;
import java.util.List;

import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;

/**
 * Test helper run as a separate JVM: opens (or resumes) a session journal and works through it slowly, approving
 * every proposal and printing "DECIDED cycle index" once each decision is on disk, until the session stops. The
 * test kills it at random points.
 */
public final class JournalChild {

	static final String TRUTH = "svc2:create.call2.step3.sub2";

	public static void main(String[] args) throws Exception {
		Path journal = Path.of(args[0]);
		long pause = Long.parseLong(args[1]);
		List<Trace> corpus = new LayeredCorpus(21, "create", TRUTH).traces(30);
		SearchSpace space = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		CycleEngine engine = open(journal, space, corpus);
		while (engine.phase() != CycleEngine.Phase.STOPPED) {
			engine.step();
			Thread.sleep(pause);
			if (engine.phase() == CycleEngine.Phase.AWAITING_APPROVAL) {
				for (int i = 0; i < engine.proposals().size(); i++) {
					if (!engine.decisions().containsKey(i)) {
						engine.decide(i, CycleEngine.Decision.APPROVED);
						System.out.println("DECIDED " + engine.cycle() + " " + i);
						System.out.flush();
						Thread.sleep(pause);
					}
				}
			}
		}
		System.out.println("STOPPED " + engine.stopReason().label() + " " + engine.localizedTracepoint());
		engine.close();
	}

	/** The session as the child and the test both open it: same corpus, same space, manual approval. */
	static CycleEngine open(Path journal, SearchSpace space, List<Trace> corpus) throws Exception {
		// the agents' state is what the journal says was pushed: read it back through a first open
		CycleEngine.Options options = new CycleEngine.Options(new Budget(3, 1000), 20, 0.5, 3, AnalysisOptions.DEFAULTS,
				false);
		ReplayedSystem system = new ReplayedSystem(corpus, RequestTypeRule.ROOT_OPERATION, space.skeleton());
		CycleEngine engine = CycleEngine.open(journal, space, new HierarchicalSearch(1), options, system);
		system.instrumentation(engine.state());
		return engine;
	}
}
