// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Parses JSON text into maps, lists, strings, numbers and booleans, for assertions. */
final class Json {

	private Json() {
	}

	static Object parse(String text) throws IOException {
		try (JsonParser p = new JsonFactory().createParser(text)) {
			p.nextToken();
			Object value = value(p);
			if (p.nextToken() != null) {
				throw new IOException("more than one JSON value");
			}
			return value;
		}
	}

	private static Object value(JsonParser p) throws IOException {
		JsonToken t = p.currentToken();
		switch (t) {
		case START_OBJECT: {
			Map<String, Object> m = new LinkedHashMap<>();
			while (p.nextToken() == JsonToken.FIELD_NAME) {
				String k = p.currentName();
				p.nextToken();
				m.put(k, value(p));
			}
			return m;
		}
		case START_ARRAY: {
			List<Object> l = new ArrayList<>();
			while (p.nextToken() != JsonToken.END_ARRAY) {
				l.add(value(p));
			}
			return l;
		}
		case VALUE_STRING:
			return p.getText();
		case VALUE_NUMBER_INT:
			return p.getLongValue();
		case VALUE_NUMBER_FLOAT:
			return p.getDoubleValue();
		case VALUE_TRUE:
		case VALUE_FALSE:
			return p.getBooleanValue();
		default:
			return null;
		}
	}
}
