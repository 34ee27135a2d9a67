// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.Trace;

/** Builders fed with parts of the traces merge into the space all of them give (a streaming job's tasks). */
class SearchSpaceBuilderTest {

	@Test
	void buildersOfAnySplitMergeIntoTheSpaceOfAllTheTraces() throws Exception {
		List<Trace> corpus = new ArrayList<>(new LayeredCorpus(32, "create", "svc3:create.call3.step2.sub3").traces(30));
		corpus.addAll(new LayeredCorpus(16, "delete", "svc2:delete.call1.step1").traces(20));
		SearchSpace whole = SearchSpace.build(corpus, RequestTypeRule.ROOT_OPERATION);
		Random random = new Random(7);
		for (int run = 0; run < 10; run++) {
			int parts = 1 + random.nextInt(4);
			List<SearchSpace.Builder> builders = new ArrayList<>();
			for (int i = 0; i < parts; i++) {
				builders.add(new SearchSpace.Builder(RequestTypeRule.ROOT_OPERATION));
			}
			for (Trace t : corpus) {
				builders.get(random.nextInt(parts)).add(t);
			}
			SearchSpace.Builder merged = roundTrip(builders.get(0));
			for (int i = 1; i < parts; i++) {
				merged.merge(roundTrip(builders.get(i)));
			}
			assertSame(whole, merged.build());
		}
	}

	private static void assertSame(SearchSpace expected, SearchSpace actual) {
		assertEquals(expected.requestTypes(), actual.requestTypes());
		assertEquals(expected.size(), actual.size());
		assertEquals(new java.util.HashSet<>(expected.skeleton().toggles()), new java.util.HashSet<>(actual.skeleton().toggles()));
		for (String type : expected.requestTypes()) {
			for (SearchSpace.Tracepoint e : expected.tracepoints(type)) {
				SearchSpace.Tracepoint a = actual.tracepoint(type, e.id());
				assertEquals(e.parent(), a.parent(), e.id());
				assertEquals(e.depth(), a.depth(), e.id());
				assertEquals(e.service(), a.service(), e.id());
				assertEquals(e.occurrences(), a.occurrences(), e.id());
				assertEquals(e.meanStart(), a.meanStart(), 1e-9 * Math.abs(e.meanStart()) + 1e-6, e.id());
				assertEquals(e.meanEnd(), a.meanEnd(), 1e-9 * Math.abs(e.meanEnd()) + 1e-6, e.id());
				assertEquals(e.elsewhere().keySet(), a.elsewhere().keySet(), e.id());
				assertEquals(Double.isNaN(e.relStart()), Double.isNaN(a.relStart()), e.id());
				if (!Double.isNaN(e.relStart())) {
					assertEquals(e.relStart(), a.relStart(), 1e-9 * Math.abs(e.relStart()) + 1e-6, e.id());
					assertEquals(e.relEnd(), a.relEnd(), 1e-9 * Math.abs(e.relEnd()) + 1e-6, e.id());
				}
			}
		}
	}

	private static SearchSpace.Builder roundTrip(SearchSpace.Builder b) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(b);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (SearchSpace.Builder) in.readObject();
		}
	}
}
