// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's JSON reader and writer: its control protocol and its OTLP/JSON export. The agent is embedded in other
 * people's services and brings no dependency along (OpenTelemetry's own exporters write their JSON by hand for the
 * same reason); the lab's services, which embed the agent, use it too. Values are Map (ordered), List, String, Long
 * or Double, Boolean and null.
 */
public final class JsonCodec {

	private JsonCodec() {
	}

	/** Writes a value on one line. */
	public static String write(Object value) {
		StringBuilder sb = new StringBuilder();
		write(value, sb);
		return sb.toString();
	}

	private static void write(Object v, StringBuilder sb) {
		if (v == null) {
			sb.append("null");
		} else if (v instanceof String s) {
			quote(s, sb);
		} else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
			sb.append(v);
		} else if (v instanceof Number n) {
			double d = n.doubleValue();
			if (!Double.isFinite(d)) {
				throw new IllegalArgumentException("JSON has no " + d);
			}
			sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
		} else if (v instanceof Map<?, ?> m) {
			sb.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> e : m.entrySet()) {
				if (!first) {
					sb.append(',');
				}
				first = false;
				quote(String.valueOf(e.getKey()), sb);
				sb.append(':');
				write(e.getValue(), sb);
			}
			sb.append('}');
		} else if (v instanceof Iterable<?> list) {
			sb.append('[');
			boolean first = true;
			for (Object o : list) {
				if (!first) {
					sb.append(',');
				}
				first = false;
				write(o, sb);
			}
			sb.append(']');
		} else {
			throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
		}
	}

	/** Appends {@code s} as a JSON string. */
	public static void quote(String s, StringBuilder sb) {
		sb.append('"');
		int plain = 0; // most names need no escape: appended whole, not char by char
		while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
			plain++;
		}
		sb.append(s, 0, plain);
		for (int i = plain; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
			case '"' -> sb.append("\\\"");
			case '\\' -> sb.append("\\\\");
			case '\n' -> sb.append("\\n");
			case '\r' -> sb.append("\\r");
			case '\t' -> sb.append("\\t");
			default -> {
				if (c < 0x20) {
					sb.append(String.format("\\u%04x", (int) c));
				} else {
					sb.append(c);
				}
			}
			}
		}
		sb.append('"');
	}

	/**
	 * Parses one JSON value.
	 *
	 * @throws IllegalArgumentException with the character offset of the problem
	 */
	public static Object parse(String text) {
		Parser p = new Parser(text);
		p.skipSpace();
		Object v = p.value();
		p.skipSpace();
		if (p.pos != text.length()) {
			throw p.error("unexpected text after the value");
		}
		return v;
	}

	private static final class Parser {
		private final String s;
		private int pos;

		Parser(String s) {
			this.s = s;
		}

		Object value() {
			if (pos >= s.length()) {
				throw error("unexpected end of input");
			}
			char c = s.charAt(pos);
			return switch (c) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || c >= '0' && c <= '9') {
					yield number();
				}
				throw error("unexpected character '" + c + "'");
			}
			};
		}

		private Map<String, Object> object() {
			Map<String, Object> m = new LinkedHashMap<>();
			pos++;
			skipSpace();
			if (peek() == '}') {
				pos++;
				return m;
			}
			while (true) {
				skipSpace();
				if (peek() != '"') {
					throw error("expected a field name");
				}
				String key = string();
				skipSpace();
				expect(':');
				skipSpace();
				m.put(key, value());
				skipSpace();
				char c = next();
				if (c == '}') {
					return m;
				}
				if (c != ',') {
					throw error(pos - 1, "expected ',' or '}'");
				}
			}
		}

		private List<Object> array() {
			List<Object> l = new ArrayList<>();
			pos++;
			skipSpace();
			if (peek() == ']') {
				pos++;
				return l;
			}
			while (true) {
				skipSpace();
				l.add(value());
				skipSpace();
				char c = next();
				if (c == ']') {
					return l;
				}
				if (c != ',') {
					throw error(pos - 1, "expected ',' or ']'");
				}
			}
		}

		private String string() {
			StringBuilder sb = new StringBuilder();
			pos++;
			while (true) {
				if (pos >= s.length()) {
					throw error("unterminated string");
				}
				char c = s.charAt(pos++);
				if (c == '"') {
					return sb.toString();
				}
				if (c != '\\') {
					sb.append(c);
					continue;
				}
				char e = next();
				switch (e) {
				case '"', '\\', '/' -> sb.append(e);
				case 'n' -> sb.append('\n');
				case 'r' -> sb.append('\r');
				case 't' -> sb.append('\t');
				case 'b' -> sb.append('\b');
				case 'f' -> sb.append('\f');
				case 'u' -> {
					if (pos + 4 > s.length()) {
						throw error("bad \\u escape");
					}
					try {
						sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
					} catch (NumberFormatException ex) {
						throw error("bad \\u escape");
					}
					pos += 4;
				}
				default -> throw error("bad escape \\" + e);
				}
			}
		}

		private Object number() {
			int start = pos;
			if (peek() == '-') {
				pos++;
			}
			boolean fraction = false;
			while (pos < s.length()) {
				char c = s.charAt(pos);
				if (c >= '0' && c <= '9') {
					pos++;
				} else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
					fraction = true;
					pos++;
				} else {
					break;
				}
			}
			String n = s.substring(start, pos);
			try {
				return fraction ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
			} catch (NumberFormatException e) {
				throw error("bad number " + n);
			}
		}

		private Object literal(String word, Object value) {
			if (!s.startsWith(word, pos)) {
				throw error("unexpected text");
			}
			pos += word.length();
			return value;
		}

		void skipSpace() {
			while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
				pos++;
			}
		}

		private char peek() {
			if (pos >= s.length()) {
				throw error("unexpected end of input");
			}
			return s.charAt(pos);
		}

		private char next() {
			char c = peek();
			pos++;
			return c;
		}

		private void expect(char c) {
			if (next() != c) {
				throw error("expected '" + c + "'");
			}
		}

		IllegalArgumentException error(String message) {
			return error(pos, message);
		}

		IllegalArgumentException error(int at, String message) {
			return new IllegalArgumentException("JSON at character " + at + ": " + message);
		}
	}
}
