// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;

/**
 * Tokenizes JSON on a thread of its own, ahead of the reader: the tokens, with their text decoded and copied, go
 * into chunks that a {@link TapeParser} hands to the format's reader on the calling thread. Tokenizing and decoding
 * strings is about half of an import; the other half (ids, names, assembly, analysis) then runs beside it instead
 * of after it. One thread tokenizes, so the input is read in order and no faster than a bare tokenizing pass.
 */
final class TokenTape implements Runnable {

	static final int TOKENS = 8192;
	private static final JsonToken[] KINDS = JsonToken.values();

	/** Tokens of one stretch of the input, as parallel arrays; a recycled chunk is overwritten. */
	static final class Chunk {
		final byte[] kind = new byte[TOKENS];
		final int[] start = new int[TOKENS];
		/** The text's length for strings and numbers, -1 for every other token. */
		final int[] length = new int[TOKENS];
		final String[] name = new String[TOKENS];
		final int[] line = new int[TOKENS];
		final int[] column = new int[TOKENS];
		/** The token's byte offset in the input (where an NDJSON line's value starts), -1 if unknown. */
		final long[] offset = new long[TOKENS];
		char[] chars = new char[1 << 16];
		int count;
		int charCount;
		/** What stopped the tokenizer after this chunk's tokens: an exception, or null at the end of input. */
		Throwable error;
		boolean last;

		JsonToken token(int i) {
			return KINDS[kind[i]];
		}

		void clear() {
			count = 0;
			charCount = 0;
			error = null;
			last = false;
		}
	}

	private final JsonParser parser;
	/** The parser's token places without an object per token (Jackson's own parsers are all ParserBase). */
	private final ParserBase places;
	private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(4);
	private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(6);
	private volatile boolean cancelled;
	private final Thread thread;

	private TokenTape(JsonParser parser) {
		this.parser = parser;
		this.places = parser instanceof ParserBase pb ? pb : null;
		this.thread = new Thread(this, "pythia json tokenizer");
		thread.setDaemon(true);
	}

	/** Starts tokenizing {@code parser}'s input on a new thread. */
	static TokenTape start(JsonParser parser) {
		TokenTape tape = new TokenTape(parser);
		tape.thread.start();
		return tape;
	}

	@Override
	public void run() {
		Chunk c = new Chunk();
		try {
			JsonToken t;
			while ((t = parser.nextToken()) != null) {
				if (c.count == TOKENS) {
					if (!hand(c)) {
						return;
					}
					c = fresh();
				}
				// the token counts once it is whole: a string cut short throws while its text is decoded, and the
				// reader must then meet the error in its place, not a string without text
				int i = c.count;
				c.kind[i] = (byte) t.ordinal();
				switch (t) {
				case FIELD_NAME -> {
					c.name[i] = parser.currentName();
					c.length[i] = -1;
					// a name's place is kept apart from its value's: ask for it (one small object per name)
					JsonLocation at = parser.currentTokenLocation();
					c.line[i] = at.getLineNr();
					c.column[i] = at.getColumnNr();
					c.offset[i] = at.getByteOffset();
				}
				case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
					int len = parser.getTextLength();
					if (c.charCount + len > c.chars.length) {
						c.chars = java.util.Arrays.copyOf(c.chars, Math.max(2 * c.chars.length, c.charCount + len));
					}
					System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), c.chars, c.charCount, len);
					c.start[i] = c.charCount;
					c.length[i] = len;
					c.charCount += len;
				}
				default -> c.length[i] = -1; // structure and literals carry no text
				}
				if (t != JsonToken.FIELD_NAME && places != null) {
					// where a reader's error message says the token is; the parser's location counts columns
					// from 1, its token column from 2
					c.line[i] = places.getTokenLineNr();
					c.column[i] = places.getTokenColumnNr() - 1;
					c.offset[i] = places.getTokenCharacterOffset();
				} else if (t != JsonToken.FIELD_NAME) {
					c.offset[i] = -1;
				}
				c.count = i + 1;
			}
		} catch (Throwable e) { // handed to the reader, which stops there: what came before is read
			c.error = e;
		}
		c.last = true;
		hand(c);
	}

	private Chunk fresh() {
		Chunk c = free.poll();
		if (c == null) {
			return new Chunk();
		}
		c.clear();
		return c;
	}

	/** Queues a chunk for the reader; false when the reader has gone. */
	private boolean hand(Chunk c) {
		try {
			while (!cancelled) {
				if (full.offer(c, 100, TimeUnit.MILLISECONDS)) {
					return true;
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return false;
	}

	/** The next chunk, waiting for the tokenizer. */
	Chunk next() throws IOException {
		try {
			return full.take();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("interrupted while reading JSON");
		}
	}

	/** A chunk the reader is done with, for the tokenizer to fill again. */
	void recycle(Chunk c) {
		free.offer(c);
	}

	/** Stops the tokenizer (the reader may stop early) and waits for it to let go of the input. */
	void stop() {
		cancelled = true;
		full.clear();
		try {
			thread.join(10_000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
