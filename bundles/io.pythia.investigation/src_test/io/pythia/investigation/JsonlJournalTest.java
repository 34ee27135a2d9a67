// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.LatencySummary;
import io.pythia.core.analysis.AttributeEffect;
import io.pythia.search.CycleEngine;
import io.pythia.search.Finding;
import io.pythia.search.InstrumentationState.Toggle;
import io.pythia.search.JournalRecord;
import io.pythia.search.Proposal;
import io.pythia.search.StopReason;

class JsonlJournalTest {

	@TempDir
	Path dir;

	static List<JournalRecord> everyKind() {
		Toggle a = new Toggle("api:create", "create");
		Toggle b = new Toggle("svc:work", "create");
		Proposal p = new Proposal(Proposal.Action.ENABLE, b, "hierarchical", "g1", "api:create -> svc:work", 0.75,
				"inside the edge \"with quotes\" and \u00e9");
		return List.of(new JournalRecord.Start(1, 10, List.of(a)),
				new JournalRecord.PhaseChange(1, 11, CycleEngine.Phase.ANALYZING),
				new JournalRecord.Proposals(1, 12, List.of(p), null, null),
				new JournalRecord.Decided(1, 13, 0, CycleEngine.Decision.APPROVED, null),
				new JournalRecord.Decided(1, 14, 0, CycleEngine.Decision.REJECTED, "delete"),
				new JournalRecord.Pushed(1, 15, List.of(b), List.of(a)),
				new JournalRecord.Proposals(2, 16, List.of(p), StopReason.LOCALIZED, "svc:work"),
				new JournalRecord.Localized(2, 16, new Finding("svc:work", "create", "g1", "api:create -> svc:work", 0.75)),
				new JournalRecord.Localized(2, 16, new Finding("svc:work", "create", "g2", "api:create -> svc:work", 0.6,
						new Finding.Evidence("slow", new LatencySummary(40, 2.5e6, 1.0e10, 2.4e6, 3.1e6, 4.0e6), 1.2e6,
								4.2e6, List.of(1, 0, 7, 30, 2), 1.9e6,
								List.of(new AttributeEffect("replica", "storage-2", AttributeEffect.Kind.VALUE, 12, 3.0e6,
										2.1e6, Double.NaN, 0.41, 1e-6),
										new AttributeEffect("queue", null, AttributeEffect.Kind.NUMERIC, 40, 2.5e6,
												Double.NaN, 0.7, 0.49, 2e-7))))),
				new JournalRecord.Stopped(2, 17, StopReason.LOCALIZED, "svc:work", 2),
				new JournalRecord.Stopped(3, 18, StopReason.VARIANCE_GONE, null, 1));
	}

	@Test
	void everyRecordReadsBackAsWritten() throws Exception {
		Path file = dir.resolve("s.jsonl");
		try (JsonlJournal j = JsonlJournal.open(file)) {
			assertTrue(j.records().isEmpty());
			for (JournalRecord r : everyKind()) {
				j.append(r, true);
			}
		}
		try (JsonlJournal j = JsonlJournal.open(file)) {
			assertEquals(everyKind(), j.records());
			assertEquals(0, j.skippedRecords());
		}
		// the line format of the journals written before the records were typed
		assertTrue(Files.readAllLines(file).get(0).startsWith("{\"type\":\"start\",\"cycle\":1,\"time\":10,\"toggles\":[[\"api:create\",\"create\"]]"),
				Files.readAllLines(file).get(0));
	}

	@Test
	void aTornLastLineAndUnknownRecordsAreSkippedAndTheRestStands() throws Exception {
		Path file = dir.resolve("torn.jsonl");
		try (JsonlJournal j = JsonlJournal.open(file)) {
			for (JournalRecord r : everyKind()) {
				j.append(r, true);
			}
		}
		Files.writeString(file, "{\"type\":\"from-a-later-version\",\"cycle\":3}\n{\"type\":\"decision\",\"cyc",
				StandardOpenOption.APPEND);
		JsonlJournal.Contents c = JsonlJournal.read(file);
		assertEquals(everyKind(), c.records());
		assertEquals(2, c.skipped());
	}

	/**
	 * A real second JVM appends decisions and says so once each is durable; it is killed with SIGKILL at random
	 * points, six times. Every decision it reported is in the journal, which reads back whole but for a torn last
	 * line. (A page cache survives the kill of a process, so this shows the order of write and report, not that
	 * the data reached the disk.)
	 */
	@Test
	void decisionsReportedBeforeASigkillAreInTheJournal() throws Exception {
		Path file = dir.resolve("killed.jsonl");
		Random random = new Random(5);
		List<String> reported = Collections.synchronizedList(new ArrayList<>());
		int kills = 0;
		for (int k = 0; k < 6; k++) {
			int run = k;
			Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
					JournalChild.class.getName(), file.toString(), Integer.toString(run)).redirectErrorStream(true).start();
			List<String> lines = new CopyOnWriteArrayList<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = r.readLine()) != null;) {
						lines.add(line);
					}
				} catch (java.io.IOException e) {
					// the child was killed
				}
			});
			reader.start();
			try {
				// the child appends until killed: wait until it has decided a few, then kill it at a random point
				long deadline = System.currentTimeMillis() + 30_000;
				while (lines.stream().noneMatch(l -> l.startsWith("DECIDED " + run + " 3")) && child.isAlive()
						&& System.currentTimeMillis() < deadline) {
					Thread.sleep(5);
				}
				Thread.sleep(random.nextInt(40));
				assertTrue(child.isAlive(), "the child ended by itself: " + lines);
			} finally {
				child.destroyForcibly(); // SIGKILL, also when an assertion above failed
			}
			assertTrue(child.waitFor(10, TimeUnit.SECONDS));
			kills++;
			reader.join(5_000);
			for (String line : lines) {
				if (line.startsWith("DECIDED ")) {
					reported.add(line.substring(8));
				} else if (!line.isBlank()) {
					throw new AssertionError("child said: " + line + "\n" + String.join("\n", lines));
				}
			}
		}
		assertEquals(6, kills);
		JsonlJournal.Contents c = JsonlJournal.read(file);
		Set<String> journaled = new HashSet<>();
		for (JournalRecord r : c.records()) {
			if (r instanceof JournalRecord.Decided d) {
				journaled.add(d.cycle() + " " + d.index());
			}
		}
		assertFalse(reported.isEmpty());
		for (String d : reported) {
			assertTrue(journaled.contains(d), "decision " + d + " reported before a kill is in the journal");
		}
		assertTrue(c.skipped() <= 6, "at most one torn line per kill: " + c.skipped());
		System.out.printf("journal: %d kills, %d decisions reported, all in the journal of %d records; %d torn line(s)%n",
				kills, reported.size(), c.records().size(), c.skipped());
	}

	private static String javaBinary() {
		return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}
}
