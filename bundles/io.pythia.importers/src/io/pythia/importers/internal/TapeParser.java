// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

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

	private final TokenTape tape;
	private TokenTape.Chunk chunk;
	private int index = -1;
	private boolean closed;
	/** The field names of the enclosing objects, so a value (or a container) knows its name. */
	private String[] names = new String[16];
	private int depth;
	private String name;

	private TapeParser(TokenTape tape) {
		super(0);
		this.tape = tape;
	}

	/** Starts tokenizing {@code parser}'s input on a thread of its own and returns the parser to read it with. */
	static TapeParser over(JsonParser parser) {
		return new TapeParser(TokenTape.start(parser));
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
		return new JsonLocation(ContentReference.unknown(), -1L, on ? chunk.line[index] : -1, on ? chunk.column[index] : -1);
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

	/** Stops the tokenizer; the underlying parser is the caller's to close (after this). */
	@Override
	public void close() {
		if (!closed) {
			closed = true;
			tape.stop();
		}
	}
}
