// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON of the agents' control protocol, of connection files and of Jaeger's and Zipkin's query APIs, through Jackson. */
final class ProtocolJson {

	private static final ObjectMapper JSON = new ObjectMapper();

	private ProtocolJson() {
	}

	/** A JSON object as maps, lists, strings, numbers, booleans and nulls. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String text) throws JsonProcessingException {
		Object o = JSON.readValue(text, Object.class);
		if (!(o instanceof Map<?, ?>)) {
			throw new JsonProcessingException("expected a JSON object, found " + (o == null ? "null" : o.getClass().getSimpleName())) {
				private static final long serialVersionUID = 1L;
			};
		}
		return (Map<String, Object>) o;
	}

	static String write(Object value) throws JsonProcessingException {
		return JSON.writeValueAsString(value);
	}

	/** A JSON value as a tree (the Zipkin client copies answers' traces through unchanged). */
	static com.fasterxml.jackson.databind.JsonNode tree(String text) throws JsonProcessingException {
		return JSON.readTree(text);
	}

	/** A generator that can write such trees; it closes {@code out} when closed. */
	static com.fasterxml.jackson.core.JsonGenerator generator(java.io.OutputStream out) throws java.io.IOException {
		return JSON.getFactory().createGenerator(out);
	}
}
