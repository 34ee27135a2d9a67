// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pythia.search.SearchSpace;

/** Saves and loads a search space as JSON, with a version field; a file of an unknown version is refused. */
public final class SearchSpaceFile {

	private static final ObjectMapper JSON = new ObjectMapper();

	private SearchSpaceFile() {
	}

	public static void save(SearchSpace space, Path file) throws IOException {
		ObjectNode root = JSON.createObjectNode();
		root.put("format", "pythia-search-space");
		root.put("version", SearchSpace.VERSION);
		ObjectNode types = root.putObject("requestTypes");
		new TreeMap<>(space.asMap()).forEach((type, tps) -> {
			ArrayNode list = types.putArray(type);
			for (SearchSpace.Tracepoint tp : tps.values()) {
				ObjectNode m = list.addObject();
				m.put("id", tp.id());
				m.put("parent", tp.parent());
				m.put("depth", tp.depth());
				m.put("service", tp.service());
				m.put("skeleton", tp.skeleton());
				m.put("meanStartNanos", tp.meanStart());
				m.put("meanEndNanos", tp.meanEnd());
				m.put("occurrences", tp.occurrences());
				if (!Double.isNaN(tp.relStart()) && !Double.isNaN(tp.relEnd())) {
					m.put("fromParentStartNanos", tp.relStart());
					m.put("fromParentEndNanos", tp.relEnd());
				}
				if (!tp.elsewhere().isEmpty()) {
					ObjectNode other = m.putObject("elsewhere");
					tp.elsewhere().forEach((parent, o) -> other.putArray(parent).add(o[0]).add(o[1]));
				}
			}
		});
		Files.writeString(file, JSON.writeValueAsString(root) + "\n");
	}

	/**
	 * @throws IOException naming the file: unreadable, not a search space, another version, or malformed
	 */
	public static SearchSpace load(Path file) throws IOException {
		JsonNode root;
		try {
			root = JSON.readTree(Files.readString(file));
		} catch (JsonProcessingException e) {
			throw new IOException(file + ": not a search space: " + e.getOriginalMessage() + " at line "
					+ e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
		}
		if (root == null || !"pythia-search-space".equals(root.path("format").asText(null))) {
			throw new IOException(file + ": not a Pythia search space file");
		}
		JsonNode version = root.path("version");
		// version 1 lacks the offsets from the parent, which only refine the offsets below a span with several callers
		if (!version.isIntegralNumber() || version.asInt() != SearchSpace.VERSION && version.asInt() != 1) {
			throw new IOException(file + ": search space version " + (version.isMissingNode() ? "missing" : version)
					+ "; this Pythia reads versions 1 to " + SearchSpace.VERSION
					+ " (build the space again from fully instrumented traces)");
		}
		try {
			Map<String, Map<String, SearchSpace.Tracepoint>> byType = new TreeMap<>();
			for (var e : root.required("requestTypes").properties()) {
				Map<String, SearchSpace.Tracepoint> tps = new LinkedHashMap<>();
				for (JsonNode m : e.getValue()) {
					SearchSpace.Tracepoint tp = new SearchSpace.Tracepoint(m.required("id").asText(),
							m.path("parent").isTextual() ? m.get("parent").asText() : null, m.required("depth").asInt(),
							m.required("service").asText(), m.required("skeleton").asBoolean(),
							m.required("meanStartNanos").asDouble(), m.required("meanEndNanos").asDouble(),
							m.required("occurrences").asLong(), elsewhere(m.get("elsewhere")),
							m.path("fromParentStartNanos").asDouble(Double.NaN), m.path("fromParentEndNanos").asDouble(Double.NaN));
					tps.put(tp.id(), tp);
				}
				byType.put(e.getKey(), tps);
			}
			return new SearchSpace(byType);
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": search space file has a missing or mistyped field: " + e.getMessage(), e);
		}
	}

	/** The optional "elsewhere" field: {parent: [meanStartNanos, meanEndNanos]}. */
	private static Map<String, double[]> elsewhere(JsonNode field) {
		if (field == null || field.isNull()) {
			return Map.of();
		}
		Map<String, double[]> out = new LinkedHashMap<>();
		for (var e : field.properties()) {
			out.put(e.getKey(), new double[] { e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble() });
		}
		return out;
	}
}
