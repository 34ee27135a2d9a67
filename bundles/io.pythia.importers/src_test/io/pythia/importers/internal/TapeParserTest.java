// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;

/** The token tape against Jackson's own parser: the same tokens, names, text, numbers and places, and errors. */
class TapeParserTest {

	private static final JsonFactory JSON = new JsonFactory();

	/** Walks both parsers in step and compares what the readers use of each token; returns the token count. */
	private static long sameTokens(byte[] bytes) throws IOException {
		long n = 0;
		try (JsonParser jackson = JSON.createParser(bytes); JsonParser source = JSON.createParser(bytes);
				JsonParser tape = TapeParser.over(source)) {
			JsonToken t;
			do {
				t = jackson.nextToken();
				String where = "token " + n + " at line " + jackson.currentTokenLocation().getLineNr();
				assertEquals(t, tape.nextToken(), where);
				if (t == null) {
					break;
				}
				assertEquals(jackson.currentName(), tape.currentName(), where);
				assertEquals(jackson.currentTokenLocation().getLineNr(), tape.currentTokenLocation().getLineNr(), where);
				assertEquals(jackson.currentTokenLocation().getColumnNr(), tape.currentTokenLocation().getColumnNr(), where);
				if (t.isScalarValue()) {
					assertEquals(jackson.getText(), tape.getText(), where);
					assertEquals(jackson.getTextLength(), tape.getTextLength(), where);
					assertEquals(jackson.getText(),
							new String(tape.getTextCharacters(), tape.getTextOffset(), tape.getTextLength()), where);
				}
				if (t == JsonToken.VALUE_NUMBER_INT && jackson.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
					assertEquals(jackson.getLongValue(), tape.getLongValue(), where);
				}
				if (t == JsonToken.VALUE_NUMBER_FLOAT) {
					assertEquals(jackson.getDoubleValue(), tape.getDoubleValue(), where);
				}
				n++;
			} while (true);
		}
		return n;
	}

	@Test
	void everySharedJsonTraceReadsTheSameThroughTheTape() throws IOException {
		Path root = locateSharedTraces();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".ndjson")).sorted().toList();
		}
		assertTrue(files.size() >= 10, "shared JSON traces: " + files);
		long tokens = 0;
		for (Path f : files) {
			tokens += sameTokens(Files.readAllBytes(f));
		}
		assertTrue(tokens > 3 * TokenTape.TOKENS, "enough tokens to cross chunks: " + tokens);
	}

	@Test
	void numbersStringsAndLiteralsAcrossSeveralChunks() throws IOException {
		StringBuilder sb = new StringBuilder("[");
		for (int i = 0; i < 3 * TokenTape.TOKENS; i++) {
			sb.append(i == 0 ? "" : ",\n").append(switch (i % 6) {
			case 0 -> Long.toString(Long.MIN_VALUE + i);
			case 1 -> Long.toString(Long.MAX_VALUE - i);
			case 2 -> "-0.5e-3";
			case 3 -> "\"s\\u00e9\\\"" + i + "\"";
			case 4 -> "{\"k\":[true,false,null]}";
			default -> "\"\"";
			});
		}
		assertTrue(sameTokens(sb.append("]").toString().getBytes(StandardCharsets.UTF_8)) > 3 * TokenTape.TOKENS);
	}

	@Test
	void anErrorComesAfterEveryTokenBeforeItWithJacksonsMessage() throws IOException {
		StringBuilder sb = new StringBuilder("[");
		for (int i = 0; i < 2 * TokenTape.TOKENS; i++) {
			sb.append(i).append(",");
		}
		byte[] bytes = sb.append("]").toString().getBytes(StandardCharsets.UTF_8); // a trailing comma, then ]
		JsonParseException expected = assertThrows(JsonParseException.class, () -> {
			try (JsonParser p = JSON.createParser(bytes)) {
				while (p.nextToken() != null) {
					// up to the error
				}
			}
		});
		long read = 0;
		try (JsonParser source = JSON.createParser(bytes); JsonParser tape = TapeParser.over(source)) {
			JsonParseException e = assertThrows(JsonParseException.class, () -> {
				while (tape.nextToken() != null) {
					// counted below
				}
			});
			assertEquals(expected.getOriginalMessage(), e.getOriginalMessage());
			assertEquals(expected.getLocation().getLineNr(), e.getLocation().getLineNr());
			assertEquals(expected.getLocation().getColumnNr(), e.getLocation().getColumnNr());
			assertNull(tape.currentToken(), "no token after the error");
			assertNull(tape.nextToken(), "the error is thrown once; then the input has ended");
		}
		try (JsonParser source = JSON.createParser(bytes); JsonParser tape = TapeParser.over(source)) {
			try {
				while (tape.nextToken() != null) {
					read++;
				}
			} catch (JsonParseException e) {
				// expected
			}
		}
		assertEquals(1 + 2 * TokenTape.TOKENS, read, "the array's start and every number before the error");
	}

	@Test
	void outOfRangeNumbersAreRefusedAsJacksonRefusesThem() throws IOException {
		byte[] bytes = "[9223372036854775808, 2147483648]".getBytes(StandardCharsets.UTF_8);
		try (JsonParser source = JSON.createParser(bytes); JsonParser tape = TapeParser.over(source)) {
			tape.nextToken();
			tape.nextToken();
			assertThrows(InputCoercionException.class, tape::getLongValue);
			tape.nextToken();
			assertEquals(2147483648L, tape.getLongValue());
			assertThrows(InputCoercionException.class, tape::getIntValue);
		}
	}

	@Test
	void closingEarlyStopsTheTokenizer() throws IOException {
		StringBuilder sb = new StringBuilder("[");
		for (int i = 0; i < 20 * TokenTape.TOKENS; i++) {
			sb.append(i).append(',');
		}
		byte[] bytes = sb.append("0]").toString().getBytes(StandardCharsets.UTF_8);
		InputStream in = new ByteArrayInputStream(bytes);
		try (JsonParser source = JSON.createParser(in); JsonParser tape = TapeParser.over(source)) {
			tape.nextToken(); // the reader stops here (say, at a format error of its own)
		}
		assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("pythia json tokenizer")),
				"the tokenizer thread is gone");
	}

	private static Path locateSharedTraces() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("shared").resolve("traces");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("../shared/traces not found");
	}
}
