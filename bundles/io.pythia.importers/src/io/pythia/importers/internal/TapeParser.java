// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.base.ParserMinimalBase;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.json.JsonReadContext;

/**
 * The reader's side of a {@link TokenTape}: a {@link JsonParser} over the tokens another thread has read, with
 * what the readers use (tokens, names, text in place, numbers, where a token is). An error the tokenizer met is
 * thrown here, where it happened in the input, after every token before it.
 */
final class TapeParser extends ParserMinimalBase {

	private TokenTape tape;
	private TokenTape.Chunk chunk;
	/** Opens the input again from its start, to read on after a bad NDJSON line; null when it cannot be. */
	private final Readers.Reopen reopen;
	/** After a resumption: the lines and bytes of the input before the tokenizer's new start. */
	private int lineBase;
	private long offsetBase;
	/** After a resumption: the parser over the input opened again, this parser's to close. */
	private JsonParser resumed;
	private int index = -1;
	private boolean closed;
	/** The field names of the enclosing objects, so a value (or a container) knows its name. */
	private String[] names = new String[16];
	private int depth;
	private String name;

	private TapeParser(TokenTape tape, Readers.Reopen reopen) {
		super(0);
		this.tape = tape;
		this.reopen = reopen;
	}

	/** Starts tokenizing {@code parser}'s input on a thread of its own and returns the parser to read it with. */
	static TapeParser over(JsonParser parser) {
		return new TapeParser(TokenTape.start(parser), null);
	}

	/** {@link #over(JsonParser)}, able to {@link #resumeAfterLine read on after a bad line} of the input. */
	static TapeParser over(JsonParser parser, Readers.Reopen reopen) {
		return new TapeParser(TokenTape.start(parser), reopen);
	}

	/** What the line after a skipped one starts with. */
	enum Next {
		/** '{' or '[': a document, read on from there. */
		DOCUMENT,
		/** Something else. */
		OTHER,
		/** Nothing but white space: the input ends. */
		END
	}

	boolean canResume() {
		return reopen != null;
	}

	/**
	 * Goes on at the line after the one holding the input's byte {@code offset} (line {@code line}): the input is
	 * opened again there and the tokenizer restarts, with lines and offsets still counted from the input's start.
	 * What is left of the tokens before is dropped.
	 *
	 * @return what the next line starts with; at {@link Next#END} nothing is left to read
	 */
	Next resumeAfterLine(long offset, int line) throws IOException {
		tape.stop();
		closeResumed();
		chunk = null;
		index = -1;
		depth = 0;
		name = null;
		_currToken = null;
		BufferedInputStream in = new BufferedInputStream(reopen.open(), 1 << 16);
		try {
			in.skipNBytes(offset);
			long pos = offset;
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				pos++;
			}
			in.mark(1 << 16);
			int first;
			// past empty lines: the next line's first character, and whether it starts its line
			int blank = 0;
			int before = '\n';
			while (true) {
				first = in.read();
				if ((first == ' ' || first == '\t' || first == '\r' || first == '\n') && ++blank < (1 << 16) - 1) {
					before = first;
				} else {
					break;
				}
			}
			in.reset();
			if (c == -1 || first == -1) {
				in.close();
				closed = true;
				return Next.END;
			}
			resumed = Readers.JSON.createParser(in);
			tape = TokenTape.start(resumed);
			lineBase = line;
			offsetBase = pos + 1;
			return (first == '{' || first == '[') && before == '\n' ? Next.DOCUMENT : Next.OTHER;
		} catch (java.io.EOFException e) {
			in.close();
			closed = true;
			return Next.END;
		} catch (IOException | RuntimeException e) {
			in.close();
			throw e;
		}
	}

	/** Where a place the tokenizer's parser named (an error's) is in the whole input. */
	JsonLocation inInput(JsonLocation at) {
		if (at == null || lineBase == 0 && offsetBase == 0) {
			return at;
		}
		return new JsonLocation(at.contentReference(), at.getByteOffset() < 0 ? -1 : at.getByteOffset() + offsetBase,
				-1L, at.getLineNr() < 0 ? -1 : at.getLineNr() + lineBase, at.getColumnNr());
	}

	private void closeResumed() throws IOException {
		if (resumed != null) {
			resumed.close();
			resumed = null;
		}
	}

	@Override
	public JsonToken nextToken() throws IOException {
		if (closed) {
			return null;
		}
		if (chunk == null || ++index >= chunk.count) {
			if (!nextChunk()) {
				return _currToken = null;
			}
		}
		JsonToken t = chunk.token(index);
		switch (t) {
		case FIELD_NAME -> name = chunk.name[index];
		case START_OBJECT, START_ARRAY -> {
			if (depth == names.length) {
				names = java.util.Arrays.copyOf(names, 2 * depth);
			}
			names[depth++] = name;
			name = null;
		}
		case END_OBJECT, END_ARRAY -> name = depth > 0 ? names[--depth] : null;
		default -> {
			// values keep the name of their field
		}
		}
		return _currToken = t;
	}

	private boolean nextChunk() throws IOException {
		_currToken = null; // no token while between chunks, nor after the tokenizer's error
		TokenTape.Chunk done = chunk;
		if (done != null) {
			if (done.last) {
				index = done.count;
				throwIfFailed(done);
				return false;
			}
			tape.recycle(done);
		}
		chunk = tape.next();
		index = 0;
		if (chunk.count == 0) {
			throwIfFailed(chunk);
			return false;
		}
		return true;
	}

	/**
	 * At the end of the last chunk: throws the error the tokenizer stopped at, once (where it happened in the input,
	 * after every token before it); nothing at the end of the input.
	 */
	private void throwIfFailed(TokenTape.Chunk last) throws IOException {
		Throwable e = last.error;
		if (e == null) {
			return;
		}
		last.error = null;
		if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && (lineBase != 0 || offsetBase != 0)) {
			// a resumed tokenizer counts from where it started: say where that is in the input
			throw new com.fasterxml.jackson.core.JsonParseException(null, j.getOriginalMessage(), inInput(j.getLocation()), j);
		}
		if (e instanceof IOException io) {
			throw io;
		}
		if (e instanceof RuntimeException r) {
			throw r;
		}
		if (e instanceof Error err) {
			throw err;
		}
		throw new IOException(e);
	}

	/** Whether the current token is a string or a number, whose text is in the chunk. */
	private boolean hasText() {
		return _currToken != null && chunk.length[index] >= 0;
	}

	@Override
	public String getText() {
		if (_currToken == null) {
			return null;
		}
		if (hasText()) {
			return new String(chunk.chars, chunk.start[index], chunk.length[index]);
		}
		return _currToken == JsonToken.FIELD_NAME ? name : _currToken.asString();
	}

	@Override
	public char[] getTextCharacters() {
		if (hasText()) {
			return chunk.chars;
		}
		String s = getText();
		return s == null ? null : s.toCharArray();
	}

	@Override
	public int getTextLength() {
		if (hasText()) {
			return chunk.length[index];
		}
		String s = getText();
		return s == null ? 0 : s.length();
	}

	@Override
	public int getTextOffset() {
		return hasText() ? chunk.start[index] : 0;
	}

	@Override
	public boolean hasTextCharacters() {
		return hasText();
	}

	@Override
	public String currentName() {
		return _currToken == JsonToken.START_OBJECT || _currToken == JsonToken.START_ARRAY
				? (depth > 0 ? names[depth - 1] : null) : name;
	}

	@Override
	@Deprecated
	public String getCurrentName() {
		return currentName();
	}

	@Override
	public void overrideCurrentName(String newName) {
		name = newName;
	}

	// numbers: parsed from their text when asked, as Jackson does

	private boolean integral() {
		return _currToken == JsonToken.VALUE_NUMBER_INT;
	}

	private long parseLong() throws IOException {
		if (!integral()) {
			if (_currToken == JsonToken.VALUE_NUMBER_FLOAT) {
				return (long) getDoubleValue();
			}
			throw new InputCoercionException(this, "Current token (" + _currToken + ") not numeric", _currToken, Long.TYPE);
		}
		int off = chunk.start[index];
		int len = chunk.length[index];
		char[] c = chunk.chars;
		boolean negative = len > 0 && c[off] == '-';
		long v = 0;
		for (int i = negative ? 1 : 0; i < len; i++) {
			int d = c[off + i] - '0';
			if (v < (Long.MIN_VALUE + d) / 10) {
				throw new InputCoercionException(this, "Numeric value (" + getText() + ") out of range of long", _currToken, Long.TYPE);
			}
			v = v * 10 - d; // accumulated negatively so that Long.MIN_VALUE fits
		}
		if (!negative) {
			if (v == Long.MIN_VALUE) {
				throw new InputCoercionException(this, "Numeric value (" + getText() + ") out of range of long", _currToken, Long.TYPE);
			}
			v = -v;
		}
		return v;
	}

	@Override
	public long getLongValue() throws IOException {
		return parseLong();
	}

	@Override
	public int getIntValue() throws IOException {
		long v = parseLong();
		if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
			throw new InputCoercionException(this, "Numeric value (" + getText() + ") out of range of int", _currToken, Integer.TYPE);
		}
		return (int) v;
	}

	@Override
	public double getDoubleValue() throws IOException {
		if (!hasText() || _currToken == JsonToken.VALUE_STRING) {
			throw new InputCoercionException(this, "Current token (" + _currToken + ") not numeric", _currToken, Double.TYPE);
		}
		return Double.parseDouble(getText());
	}

	@Override
	public float getFloatValue() throws IOException {
		return (float) getDoubleValue();
	}

	@Override
	public BigInteger getBigIntegerValue() throws IOException {
		return integral() ? new BigInteger(getText()) : getDecimalValue().toBigInteger();
	}

	@Override
	public BigDecimal getDecimalValue() throws IOException {
		if (!hasText() || _currToken == JsonToken.VALUE_STRING) {
			throw new InputCoercionException(this, "Current token (" + _currToken + ") not numeric", _currToken, BigDecimal.class);
		}
		return new BigDecimal(getText());
	}

	@Override
	public Number getNumberValue() throws IOException {
		if (integral()) {
			int len = chunk.length[index];
			return len < 19 ? (Number) parseLong() : getBigIntegerValue();
		}
		return getDoubleValue();
	}

	@Override
	public NumberType getNumberType() throws IOException {
		if (integral()) {
			int len = chunk.length[index];
			return len < 10 ? NumberType.INT : len < 19 ? NumberType.LONG : NumberType.BIG_INTEGER;
		}
		return _currToken == JsonToken.VALUE_NUMBER_FLOAT ? NumberType.DOUBLE : null;
	}

	@Override
	public Object getEmbeddedObject() {
		return null;
	}

	@Override
	public byte[] getBinaryValue(Base64Variant variant) throws IOException {
		String s = getText();
		return s == null ? null : variant.decode(s);
	}

	// where: the tokenizer noted each token's line and column

	@Override
	public JsonLocation currentTokenLocation() {
		boolean on = chunk != null && index >= 0 && index < chunk.count;
		if (!on) {
			return new JsonLocation(ContentReference.unknown(), -1L, -1, -1);
		}
		int line = chunk.line[index];
		long offset = chunk.offset[index] >= 0 ? chunk.offset[index] + offsetBase : -1L;
		return new JsonLocation(ContentReference.unknown(), offset, -1L, line < 0 ? -1 : line + lineBase,
				chunk.column[index]);
	}

	@Override
	public JsonLocation currentLocation() {
		return currentTokenLocation();
	}

	@Override
	@Deprecated
	public JsonLocation getTokenLocation() {
		return currentTokenLocation();
	}

	@Override
	@Deprecated
	public JsonLocation getCurrentLocation() {
		return currentTokenLocation();
	}

	private final JsonReadContext context = JsonReadContext.createRootContext(null);

	@Override
	public JsonStreamContext getParsingContext() {
		return context; // not tracked: the readers keep their own place
	}

	@Override
	protected void _handleEOF() {
		// the tokenizer met the end of input (or its error) already
	}

	@Override
	public ObjectCodec getCodec() {
		return null;
	}

	@Override
	public void setCodec(ObjectCodec c) {
		// no data binding here
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public boolean isClosed() {
		return closed;
	}

	/** Stops the tokenizer; the underlying parser is the caller's to close (after this), a resumed one is ours. */
	@Override
	public void close() throws IOException {
		if (!closed) {
			closed = true;
			tape.stop();
		}
		closeResumed();
	}
}
