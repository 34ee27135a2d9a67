// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pythia.core.json.JsonText;

/** Saves and loads a search space as JSON, with a version field; a file of another version is refused. */
public final class SearchSpaceFile {

	private SearchSpaceFile() {
	}

	public static void save(SearchSpace space, Path file) throws IOException {
		Map<String, Object> types = new TreeMap<>();
		space.asMap().forEach((type, tps) -> {
			List<Object> list = new ArrayList<>();
			for (SearchSpace.Tracepoint tp : tps.values()) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("id", tp.id());
				m.put("parent", tp.parent());
				m.put("depth", (long) tp.depth());
				m.put("service", tp.service());
				m.put("skeleton", tp.skeleton());
				m.put("meanStartNanos", tp.meanStart());
				m.put("meanEndNanos", tp.meanEnd());
				m.put("occurrences", tp.occurrences());
				if (!tp.elsewhere().isEmpty()) {
					Map<String, Object> other = new LinkedHashMap<>();
					tp.elsewhere().forEach((parent, o) -> other.put(parent, List.of(o[0], o[1])));
					m.put("elsewhere", other);
				}
				list.add(m);
			}
			types.put(type, list);
		});
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("format", "pythia-search-space");
		root.put("version", (long) SearchSpace.VERSION);
		root.put("requestTypes", types);
		Files.writeString(file, JsonText.write(root) + "\n");
	}

	/** The optional "elsewhere" field: {parent: [meanStartNanos, meanEndNanos]}. */
	@SuppressWarnings("unchecked")
	private static Map<String, double[]> elsewhere(Object field) {
		if (field == null) {
			return Map.of();
		}
		Map<String, double[]> out = new LinkedHashMap<>();
		((Map<String, Object>) field).forEach((parent, o) -> {
			List<Object> pair = (List<Object>) o;
			out.put(parent, new double[] { ((Number) pair.get(0)).doubleValue(), ((Number) pair.get(1)).doubleValue() });
		});
		return out;
	}

	/**
	 * @throws IOException naming the file: unreadable, not a search space, another version, or malformed
	 */
	@SuppressWarnings("unchecked")
	public static SearchSpace load(Path file) throws IOException {
		Object parsed;
		try {
			parsed = JsonText.parse(Files.readString(file));
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": not a search space: " + e.getMessage(), e);
		}
		if (!(parsed instanceof Map<?, ?> root) || !"pythia-search-space".equals(root.get("format"))) {
			throw new IOException(file + ": not a Pythia search space file");
		}
		Object version = root.get("version");
		if (!(version instanceof Long v) || v != SearchSpace.VERSION) {
			throw new IOException(file + ": search space version " + version + "; this Pythia reads version "
					+ SearchSpace.VERSION + " (build the space again from fully instrumented traces)");
		}
		try {
			Map<String, Map<String, SearchSpace.Tracepoint>> byType = new TreeMap<>();
			for (var e : ((Map<String, Object>) root.get("requestTypes")).entrySet()) {
				Map<String, SearchSpace.Tracepoint> tps = new LinkedHashMap<>();
				for (Object o : (List<Object>) e.getValue()) {
					Map<String, Object> m = (Map<String, Object>) o;
					SearchSpace.Tracepoint tp = new SearchSpace.Tracepoint((String) m.get("id"), (String) m.get("parent"),
							((Number) m.get("depth")).intValue(), (String) m.get("service"), (Boolean) m.get("skeleton"),
							((Number) m.get("meanStartNanos")).doubleValue(), ((Number) m.get("meanEndNanos")).doubleValue(),
							((Number) m.get("occurrences")).longValue(), elsewhere(m.get("elsewhere")));
					tps.put(tp.id(), tp);
				}
				byType.put(e.getKey(), tps);
			}
			return new SearchSpace(byType);
		} catch (ClassCastException | NullPointerException e) {
			throw new IOException(file + ": search space file has a missing or mistyped field", e);
		}
	}
}
