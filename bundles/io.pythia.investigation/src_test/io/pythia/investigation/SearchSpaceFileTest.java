// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.search.SearchSpace;

class SearchSpaceFileTest {

	@TempDir
	Path dir;

	/** Two request types; a tracepoint called from two places keeps where it runs under the other caller. */
	static SearchSpace space() {
		Map<String, Map<String, SearchSpace.Tracepoint>> byType = new LinkedHashMap<>();
		for (String type : new String[] { "create", "delete" }) {
			Map<String, SearchSpace.Tracepoint> tps = new LinkedHashMap<>();
			tps.put("api:" + type, new SearchSpace.Tracepoint("api:" + type, null, 0, "api", true, 0, 200e6, 20, Map.of()));
			tps.put("c1:build", new SearchSpace.Tracepoint("c1:build", "api:" + type, 1, "c1", true, 10e6, 190e6, 10, Map.of()));
			tps.put("c2:build", new SearchSpace.Tracepoint("c2:build", "api:" + type, 1, "c2", true, 10e6, 150e6, 10, Map.of()));
			tps.put("img:fetch", new SearchSpace.Tracepoint("img:fetch", "c2:build", 2, "img", true, 40e6, 90e6, 20,
					Map.of("c1:build", new double[] { 120e6, 170e6 })));
			tps.put("img:fetch.record", new SearchSpace.Tracepoint("img:fetch.record", "img:fetch", 3, "img", false, 60e6,
					70e6, 20, Map.of(), 20e6, 30e6));
			byType.put(type, tps);
		}
		return new SearchSpace(byType);
	}

	@Test
	void savesAndLoadsTheSameSpace() throws Exception {
		SearchSpace space = space();
		Path file = dir.resolve("space.json");
		SearchSpaceFile.save(space, file);
		SearchSpace loaded = SearchSpaceFile.load(file);
		assertEquals(space.size(), loaded.size());
		assertEquals(space.skeleton().toggles(), loaded.skeleton().toggles());
		for (String type : space.requestTypes()) {
			for (SearchSpace.Tracepoint tp : space.tracepoints(type)) {
				SearchSpace.Tracepoint back = loaded.tracepoint(type, tp.id());
				assertEquals(tp.id(), back.id());
				assertEquals(tp.parent(), back.parent());
				assertEquals(tp.depth(), back.depth());
				assertEquals(tp.meanStart(), back.meanStart());
				assertEquals(tp.occurrences(), back.occurrences());
				assertEquals(tp.elsewhere().keySet(), back.elsewhere().keySet());
				assertEquals(tp.relStart(), back.relStart());
				assertEquals(tp.relEnd(), back.relEnd());
			}
		}
		// below the fetch, where c1 calls it: the fetch's offset there plus the record's from the fetch
		assertArrayEquals(new double[] { 140e6, 150e6 }, loaded.offsets("create", "img:fetch.record", "c1:build"));
		assertArrayEquals(new double[] { 120e6, 170e6 }, loaded.offsets("create", "img:fetch", "c1:build"));
		assertTrue(Files.readString(file).contains("\"elsewhere\""));
	}

	@Test
	void anotherVersionOrAnotherFileIsRefusedClearly() throws Exception {
		Path file = dir.resolve("old.json");
		Files.writeString(file, "{\"format\":\"pythia-search-space\",\"version\":0,\"requestTypes\":{}}");
		IOException e = assertThrows(IOException.class, () -> SearchSpaceFile.load(file));
		assertTrue(e.getMessage().startsWith(file + ": search space version 0; this Pythia reads versions 1 to 2"), e.getMessage());
		Path other = Files.writeString(dir.resolve("other.json"), "{\"data\": []}");
		assertTrue(assertThrows(IOException.class, () -> SearchSpaceFile.load(other)).getMessage().contains("not a Pythia search space"));
		Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\":");
		String m = assertThrows(IOException.class, () -> SearchSpaceFile.load(broken)).getMessage();
		assertTrue(m.startsWith(broken + ": not a search space: ") && m.contains("line 1"), m);
		Path missing = Files.writeString(dir.resolve("missing.json"),
				"{\"format\":\"pythia-search-space\",\"version\":1,\"requestTypes\":{\"t\":[{\"id\":\"x\"}]}}");
		assertTrue(assertThrows(IOException.class, () -> SearchSpaceFile.load(missing)).getMessage().contains("missing or mistyped"));
	}

	@Test
	void aVersionOneFileReadsWithoutTheOffsetsFromTheParent() throws Exception {
		Path file = dir.resolve("v1.json");
		Files.writeString(file, "{\"format\":\"pythia-search-space\",\"version\":1,\"requestTypes\":{\"t\":["
				+ "{\"id\":\"a:root\",\"parent\":null,\"depth\":0,\"service\":\"a\",\"skeleton\":true,"
				+ "\"meanStartNanos\":0,\"meanEndNanos\":100,\"occurrences\":3}]}}");
		SearchSpace.Tracepoint tp = SearchSpaceFile.load(file).tracepoint("t", "a:root");
		assertEquals(100, tp.meanEnd());
		assertTrue(Double.isNaN(tp.relStart()) && Double.isNaN(tp.relEnd()));
	}
}
