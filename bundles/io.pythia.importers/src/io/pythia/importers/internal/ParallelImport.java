// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.JsonParser;

import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.importers.TraceFormat;

/**
 * Reads a large Jaeger or OTLP file on several cores. The calling thread cuts the file into runs of whole units
 * (the trace objects of Jaeger's {"data": [...]}, or whole lines of NDJSON), worker threads parse them (and, for
 * Jaeger, assemble the traces), and the calling thread hands the results to the sink in input order: the sink sees
 * the same traces and warnings, in the same order, as from the sequential reader.
 *
 * <p>
 * Anything unexpected (a line that is not whole documents, malformed JSON, a shape not known here, a unit too
 * large) sends the file back to the sequential reader, which starts over and skips the calls already made on the
 * sink: errors keep the sequential reader's message, line and column, and nothing is delivered twice.
 */
public final class ParallelImport {

	/** Smaller files are read sequentially: starting threads would cost more than it saves. */
	public static final long MIN_BYTES = 4 << 20;
	static final int BLOCK = 256 << 10;
	/** A unit (line, trace object) larger than this sends the file to the sequential reader (memory stays bounded). */
	static final int MAX_UNIT = 16 << 20;
	private static final int IN_FLIGHT = 6;
	private static final byte[] DATA_KEY = "\"data\"".getBytes(StandardCharsets.US_ASCII);

	private ParallelImport() {
	}

	/** How a file was read. */
	public enum Outcome {
		/** Not started (format, size, compression or shape): nothing was delivered; read it sequentially. */
		NOT_STARTED,
		/** Read in parallel to the end. */
		PARALLEL,
		/** Started in parallel, then finished by the sequential reader (which skipped what was delivered). */
		RESTARTED
	}

	/**
	 * Reads {@code file} in parallel when it can: a regular, uncompressed file in Jaeger or OTLP JSON of at least
	 * {@code minBytes}, on a machine with two cores or more.
	 *
	 * @return how it was read; when {@link Outcome#NOT_STARTED}, nothing was delivered: read it sequentially
	 */
	public static Outcome read(TraceFormat format, Path file, String source, TraceSink sink, Interner interner,
			long minBytes) throws IOException, TraceFormatException {
		if (format != TraceFormat.JAEGER && format != TraceFormat.OTLP || !Files.isRegularFile(file)
				|| Files.size(file) < minBytes || Runtime.getRuntime().availableProcessors() < 2) {
			return Outcome.NOT_STARTED;
		}
		try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
			byte[] first = new byte[BLOCK];
			int len = fill(in, first, 0);
			if (len >= 2 && (first[0] & 0xff) == 0x1f && (first[1] & 0xff) == 0x8b) {
				return Outcome.NOT_STARTED; // gzip: the sequential reader unpacks it
			}
			int start = skipBomAndSpace(first, len);
			if (start >= len || first[start] != '{') {
				return Outcome.NOT_STARTED;
			}
			// Jaeger's query API answer is one object around an array of traces; anything else is read by lines
			int data = format == TraceFormat.JAEGER ? dataArrayStart(first, start, len) : -1;
			CountingSink counted = new CountingSink(sink);
			Run run = new Run(format, source, counted, interner);
			boolean whole;
			try {
				whole = data >= 0 ? run.dataArray(in, first, len, data) : run.lines(in, first, len, start);
			} finally {
				run.close();
			}
			if (!whole) {
				// start over sequentially, skipping what the sink has already received
				try (InputStream again = Files.newInputStream(file)) {
					Readers.read(format, source, again, new SkippingSink(sink, counted.calls), interner,
							() -> Files.newInputStream(file));
				}
				return Outcome.RESTARTED;
			}
			return Outcome.PARALLEL;
		}
	}

	/** Reads until the buffer is full or the file ends; returns the new length. */
	private static int fill(FileChannel in, byte[] buf, int len) throws IOException {
		ByteBuffer bb = ByteBuffer.wrap(buf, len, buf.length - len);
		while (bb.hasRemaining() && in.read(bb) >= 0) {
			// read on
		}
		return bb.position();
	}

	private static int skipBomAndSpace(byte[] b, int len) {
		int i = len >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
		return skipSpace(b, i, len);
	}

	private static int skipSpace(byte[] b, int i, int len) {
		while (i < len && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
			i++;
		}
		return i;
	}

	/** Where the first trace of {"data": [ starts when "data" is the object's first key, else -1. */
	private static int dataArrayStart(byte[] b, int objectStart, int len) {
		int i = skipSpace(b, objectStart + 1, len);
		if (i + DATA_KEY.length > len || !Arrays.equals(b, i, i + DATA_KEY.length, DATA_KEY, 0, DATA_KEY.length)) {
			return -1;
		}
		i = skipSpace(b, i + DATA_KEY.length, len);
		if (i >= len || b[i] != ':') {
			return -1;
		}
		i = skipSpace(b, i + 1, len);
		return i < len && b[i] == '[' ? i + 1 : -1;
	}

	/**
	 * The index after the object that starts at {@code i}, or -1 when it runs past {@code len}. Only the structure
	 * is followed (strings, escapes, nesting); whether it is valid JSON is Jackson's to say.
	 */
	static int objectEnd(byte[] b, int i, int len) {
		int depth = 0;
		while (i < len) {
			byte c = b[i++];
			if (c == '"') {
				while (true) {
					if (i >= len) {
						return -1;
					}
					byte d = b[i++];
					if (d == '"') {
						break;
					}
					if (d == '\\') {
						i++;
					}
				}
			} else if (c == '{' || c == '[') {
				depth++;
			} else if (c == '}' || c == ']') {
				if (--depth == 0) {
					return i;
				}
			}
		}
		return -1;
	}

	/** One file's parallel read: the workers, the results in flight, and what goes to the sink. */
	private static final class Run {

		private final TraceFormat format;
		private final String source;
		private final CountingSink sink;
		private final Interner interner;
		private final ExecutorService workers;
		private final ThreadLocal<Worker> worker;
		private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
		/** Buffers of delivered batches, to fill again (fewer young collections). */
		private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
		/** OTLP: the spans of all units meet here, where traces are assembled once complete, as sequentially. */
		private final OtlpReader otlp;

		Run(TraceFormat format, String source, CountingSink sink, Interner interner) {
			this.format = format;
			this.source = source;
			this.sink = sink;
			this.interner = interner;
			int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
			this.workers = Executors.newFixedThreadPool(threads, r -> {
				Thread t = new Thread(r, "pythia import worker");
				t.setDaemon(true);
				return t;
			});
			this.worker = ThreadLocal.withInitial(Worker::new);
			this.otlp = format == TraceFormat.OTLP ? new OtlpReader(source, sink, interner) : null;
		}

		/** NDJSON: runs of whole lines; a run that is not whole documents fails to parse, and the file goes back. */
		boolean lines(FileChannel in, byte[] buf, int len, int start) throws IOException, TraceFormatException {
			boolean eof = len < buf.length;
			while (true) {
				int cut = len;
				if (!eof) {
					cut = lastNewline(buf, start, len);
					if (cut < 0) { // no whole line in the buffer: make it larger
						if (buf.length >= MAX_UNIT) {
							return false;
						}
						buf = Arrays.copyOf(buf, 2 * buf.length);
						len = fill(in, buf, len);
						eof = len < buf.length;
						continue;
					}
				}
				if (!submit(new Batch(buf, new int[] { start }, new int[] { cut }, false))) {
					return false;
				}
				if (eof) {
					return drain();
				}
				byte[] next = buffer(Math.max(BLOCK, 2 * (len - cut)));
				System.arraycopy(buf, cut, next, 0, len - cut);
				buf = next;
				start = 0;
				len = fill(in, buf, len - cut);
				eof = len < buf.length;
			}
		}

		private byte[] buffer(int size) {
			byte[] b = size == BLOCK ? spare.poll() : null;
			return b != null ? b : new byte[size];
		}

		private static int lastNewline(byte[] b, int from, int len) {
			for (int i = len - 1; i >= from; i--) {
				if (b[i] == '\n') {
					return i + 1;
				}
			}
			return -1;
		}

		/**
		 * Jaeger's {"data": [trace, ...], ...}: runs of whole trace objects; what follows the array is read by the
		 * sequential reader as the rest of the object (it may name other fields).
		 */
		boolean dataArray(FileChannel in, byte[] buf, int len, int pos) throws IOException, TraceFormatException {
			boolean eof = len < buf.length;
			boolean afterUnit = false; // a trace object was the last thing seen: a ',' or the ']' comes next
			boolean empty = true;
			while (true) {
				List<int[]> units = new ArrayList<>();
				int i = pos;
				boolean arrayEnd = false;
				while (true) {
					i = skipSpace(buf, i, len);
					if (i >= len) {
						break;
					}
					byte c = buf[i];
					if (afterUnit) {
						if (c == ',') {
							afterUnit = false;
							i++;
							continue;
						}
						if (c != ']') {
							return false; // the sequential reader says what is wrong
						}
					}
					if (c == ']' && (afterUnit || empty)) {
						arrayEnd = true;
						i++;
						break;
					}
					if (c != '{') {
						return false;
					}
					int end = objectEnd(buf, i, len);
					if (end < 0) {
						break; // the object goes on in the next buffer
					}
					units.add(new int[] { i, end });
					i = end;
					afterUnit = true;
					empty = false;
				}
				if (!units.isEmpty()) {
					int[] starts = new int[units.size()];
					int[] ends = new int[units.size()];
					for (int u = 0; u < starts.length; u++) {
						starts[u] = units.get(u)[0];
						ends[u] = units.get(u)[1];
					}
					if (!submit(new Batch(buf, starts, ends, true))) {
						return false;
					}
				}
				if (arrayEnd) {
					return rest(in, buf, i, len, eof);
				}
				if (eof) {
					return false; // the array never ends: truncated input, for the sequential reader to report
				}
				// the unfinished object moves to a new buffer, grown when one object fills most of it
				int keep = len - i;
				if (keep >= MAX_UNIT) {
					return false;
				}
				byte[] next = buffer(keep > buf.length / 2 ? 2 * buf.length : buf.length);
				System.arraycopy(buf, i, next, 0, keep);
				buf = next;
				pos = 0;
				len = fill(in, buf, keep);
				eof = len < buf.length;
			}
		}

		/**
		 * What follows the data array (",\"total\": 0, ...}" and anything after): read sequentially as the rest of
		 * an object whose "data" array is empty.
		 */
		private boolean rest(FileChannel in, byte[] buf, int i, int len, boolean eof)
				throws IOException, TraceFormatException {
			if (!drain()) {
				return false;
			}
			java.io.ByteArrayOutputStream tail = new java.io.ByteArrayOutputStream();
			tail.write("{\"data\":[]".getBytes(StandardCharsets.US_ASCII));
			tail.write(buf, i, len - i);
			byte[] more = new byte[BLOCK];
			while (!eof) {
				int n = fill(in, more, 0);
				tail.write(more, 0, n);
				eof = n < more.length;
				if (tail.size() > MAX_UNIT) {
					return false;
				}
			}
			BufferSink recorded = new BufferSink();
			try (JsonParser p = Readers.JSON.createParser(tail.toByteArray())) {
				// errors here would name places in this synthetic text: the sequential reader names the real ones
				new JaegerReader(source, recorded, interner).read(p);
			} catch (IOException | TraceFormatException | RuntimeException e) {
				return false;
			}
			replay(recorded.out);
			return true;
		}

		/** Queues a batch; hands finished ones to the sink, oldest first. False when a batch failed. */
		private boolean submit(Batch batch) throws IOException, TraceFormatException {
			inFlight.add(workers.submit(() -> worker.get().read(batch)));
			while (inFlight.size() >= IN_FLIGHT) {
				if (!deliver(inFlight.poll())) {
					return false;
				}
			}
			return true;
		}

		/** Hands every batch still in flight to the sink. */
		private boolean drain() throws IOException, TraceFormatException {
			while (!inFlight.isEmpty()) {
				if (!deliver(inFlight.poll())) {
					return false;
				}
			}
			if (otlp != null) {
				otlp.finish();
			}
			return true;
		}

		private boolean deliver(Future<Batch> done) throws IOException {
			Batch b;
			try {
				b = done.get();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while reading " + source);
			} catch (ExecutionException e) {
				return false;
			}
			if (b.failed) {
				return false; // what the batch read before its error is the sequential reader's to deliver
			}
			replay(b.out);
			if (b.buf.length == BLOCK && spare.size() < IN_FLIGHT) {
				spare.add(b.buf);
			}
			return true;
		}

		/** Makes the calls a worker recorded, in their order. */
		private void replay(List<Object> out) {
			for (Object o : out) {
				if (o instanceof SpanOf s) {
					otlp.acceptSpan(s.traceId, s.span);
				} else if (o instanceof Trace t) {
					sink.trace(t);
				} else if (o == END_OF_DOCUMENT) {
					otlp.endDocument();
				} else if (o instanceof TraceWarning w) {
					sink.warning(w);
				} else if (o instanceof Rejected r) {
					sink.rejected(r.traceId, r.reason);
				}
			}
		}

		void close() {
			for (Future<Batch> f : inFlight) {
				f.cancel(true);
			}
			workers.shutdownNow();
		}

		/** A worker thread's readers, reused for every batch it takes (they keep their caches). */
		private final class Worker {
			private final BufferSink buffer = new BufferSink();
			private final JaegerReader jaeger;
			private final OtlpReader otlpUnits;

			Worker() {
				jaeger = format == TraceFormat.JAEGER ? new JaegerReader(source, buffer, interner) : null;
				otlpUnits = format == TraceFormat.OTLP ? new OtlpReader(source, buffer, interner) : null;
				if (otlpUnits != null) {
					otlpUnits.onDocumentEnd(() -> buffer.out.add(END_OF_DOCUMENT));
				}
			}

			Batch read(Batch b) {
				buffer.out = b.out;
				int faults = (jaeger != null ? jaeger.faults() + jaeger.spanDocuments() : 0) + (otlpUnits != null ? otlpUnits.faults() : 0);
				try {
					for (int u = 0; u < b.starts.length; u++) {
						try (JsonParser p = Readers.JSON.createParser(b.buf, b.starts[u], b.ends[u] - b.starts[u])) {
							if (b.elements) {
								jaeger.readElement(p);
							} else if (format == TraceFormat.JAEGER) {
								jaeger.read(p);
							} else {
								otlpUnits.readSpans(p, (traceId, span) -> buffer.out.add(new SpanOf(traceId, span)));
							}
						}
					}
					// a span's fault names a place in this block: the sequential reader names the place in the file
					// and span documents need the whole input to assemble their traces
					b.failed = faults != (jaeger != null ? jaeger.faults() + jaeger.spanDocuments() : 0)
							+ (otlpUnits != null ? otlpUnits.faults() : 0);
				} catch (IOException | TraceFormatException | RuntimeException e) {
					b.failed = true;
				}
				return b;
			}
		}
	}

	/** A run of units in one buffer, and what reading them gave, in order. */
	private static final class Batch {
		byte[] buf;
		final int[] starts;
		final int[] ends;
		/** Whether the units are elements of Jaeger's data array (else runs of whole documents). */
		final boolean elements;
		final List<Object> out = new ArrayList<>();
		boolean failed;

		Batch(byte[] buf, int[] starts, int[] ends, boolean elements) {
			this.buf = buf;
			this.starts = starts;
			this.ends = ends;
			this.elements = elements;
		}
	}

	private record Rejected(String traceId, String reason) {
	}

	private record SpanOf(String traceId, SpanInput span) {
	}

	private static final Object END_OF_DOCUMENT = new Object();

	/** Keeps a worker's traces and warnings for the calling thread to deliver in order. */
	private static final class BufferSink implements TraceSink {
		List<Object> out = new ArrayList<>();

		@Override
		public void trace(Trace trace) {
			out.add(trace);
		}

		@Override
		public void warning(TraceWarning warning) {
			out.add(warning);
		}

		@Override
		public void rejected(String traceId, String reason) {
			out.add(new Rejected(traceId, reason));
		}
	}

	/** Counts the calls made on the sink, so that a sequential restart can skip them. */
	private static final class CountingSink implements TraceSink {
		private final TraceSink sink;
		long calls;

		CountingSink(TraceSink sink) {
			this.sink = sink;
		}

		@Override
		public void trace(Trace trace) {
			calls++;
			sink.trace(trace);
		}

		@Override
		public void warning(TraceWarning warning) {
			calls++;
			sink.warning(warning);
		}

		@Override
		public void rejected(String traceId, String reason) {
			calls++;
			sink.rejected(traceId, reason);
		}
	}

	/** Passes calls on after the first {@code skip}, which the sink has already received. */
	private static final class SkippingSink implements TraceSink {
		private final TraceSink sink;
		private long skip;

		SkippingSink(TraceSink sink, long skip) {
			this.sink = sink;
			this.skip = skip;
		}

		@Override
		public void trace(Trace trace) {
			if (skip-- <= 0) {
				sink.trace(trace);
			}
		}

		@Override
		public void warning(TraceWarning warning) {
			if (skip-- <= 0) {
				sink.warning(warning);
			}
		}

		@Override
		public void rejected(String traceId, String reason) {
			if (skip-- <= 0) {
				sink.rejected(traceId, reason);
			}
		}
	}
}
