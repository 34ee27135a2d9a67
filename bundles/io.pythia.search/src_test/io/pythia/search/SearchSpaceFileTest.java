// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.analysis.RequestTypeRule;

class SearchSpaceFileTest {

	@TempDir
	Path dir;

	@Test
	void savesAndLoadsTheSameSpace() throws Exception {
		SearchSpace space = SearchSpace.build(new LayeredCorpus(1, null, null).traces(5), RequestTypeRule.ROOT_OPERATION);
		Path file = dir.resolve("space.json");
		SearchSpaceFile.save(space, file);
		SearchSpace loaded = SearchSpaceFile.load(file);
		assertEquals(space.size(), loaded.size());
		assertEquals(space.skeleton().toggles(), loaded.skeleton().toggles());
		for (String type : space.requestTypes()) {
			for (SearchSpace.Tracepoint tp : space.tracepoints(type)) {
				assertEquals(tp, loaded.tracepoint(type, tp.id()));
			}
		}
	}

	@Test
	void anotherVersionOrAnotherFileIsRefusedClearly() throws Exception {
		Path file = dir.resolve("old.json");
		Files.writeString(file, "{\"format\":\"pythia-search-space\",\"version\":0,\"requestTypes\":{}}");
		IOException e = assertThrows(IOException.class, () -> SearchSpaceFile.load(file));
		assertTrue(e.getMessage().startsWith(file + ": search space version 0; this Pythia reads version 1"), e.getMessage());
		Path other = Files.writeString(dir.resolve("other.json"), "{\"data\": []}");
		assertTrue(assertThrows(IOException.class, () -> SearchSpaceFile.load(other)).getMessage().contains("not a Pythia search space"));
		Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\":");
		assertTrue(assertThrows(IOException.class, () -> SearchSpaceFile.load(broken)).getMessage().contains("JSON at character"));
	}
}
