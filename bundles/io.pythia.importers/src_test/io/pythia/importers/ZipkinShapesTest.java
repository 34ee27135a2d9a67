// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;

/**
 * The three shapes a Zipkin server's JSON comes in: the flat span list (what is POSTed, and a single trace from
 * /api/v2/trace/{id}), and the query API's list of traces (/api/v2/traces), each a list of spans. Built here from
 * the real shared Zipkin traces; every shape must give the same traces and events.
 */
class ZipkinShapesTest {

	@TempDir
	Path dir;

	private static List<Path> shared() throws Exception {
		try (Stream<Path> files = Files.list(SharedTraces.ROOT.resolve("zipkin"))) {
			return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
	}

	private static List<String> read(Path file) throws Exception {
		CollectingSink sink = new CollectingSink();
		new TraceImporter().read(file, sink);
		List<String> out = new ArrayList<>();
		for (Trace t : sink.traces) {
			out.add(t.id() + " " + t.size() + " events, " + t.spans() + " spans, " + t.duration() + " ns");
		}
		out.sort(null);
		return out;
	}

	@Test
	void theQueryApisListOfTracesReadsAsTheFlatSpanLists() throws Exception {
		List<Path> files = shared();
		assertTrue(files.size() >= 8, "shared Zipkin traces: " + files);
		List<String> lists = new ArrayList<>(); // each file is one trace's span list, [ ... ]
		List<String> spans = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (Path f : files) {
			String list = Files.readString(f).strip();
			assertTrue(list.startsWith("[") && list.endsWith("]"), f.toString());
			lists.add(list);
			spans.add(list.substring(1, list.length() - 1));
			expected.addAll(read(f));
		}
		expected.sort(null);
		Path traces = dir.resolve("api-v2-traces.json");
		Files.writeString(traces, "[" + String.join(",\n", lists) + "]");
		Path mixed = dir.resolve("flat.json");
		Files.writeString(mixed, "[" + String.join(",\n", spans) + "]");
		assertEquals(files.size(), expected.size(), "one trace per shared file");
		assertEquals(expected, read(traces), "the list of traces");
		assertEquals(expected, read(mixed), "all spans in one flat list");
	}

	@Test
	void aListOfTracesWithSomethingElseInsideIsAClearError() throws Exception {
		Path bad = dir.resolve("bad.json");
		Files.writeString(bad, "[[{\"traceId\":\"1\",\"id\":\"a\",\"name\":\"get\",\"timestamp\":1,\"duration\":2}, 3]]");
		TraceFormatException e = assertThrows(TraceFormatException.class, () -> new TraceImporter().read(bad, new CollectingSink()));
		assertTrue(e.getMessage().startsWith(bad + ": line 1, column ") && e.getMessage().contains("a span of a Zipkin trace should be an object"),
				e.getMessage());
	}
}
