// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.pythia.core.Progress;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.internal.FormatDetector;
import io.pythia.importers.internal.ParallelImport;
import io.pythia.importers.internal.Readers;

/**
 * Reads trace files of any supported format (detected from the content; gzip is unpacked on the fly) and streams
 * the assembled traces to a sink, one at a time. Bad input ends the file with a {@link TraceFormatException} naming
 * the file, line and column; traces read before the error have already been delivered. A bad line of an NDJSON file
 * is a warning instead, naming its line, and the next line is read.
 */
public final class TraceImporter {

	private static final List<String> TRACE_FILE_ENDINGS = List.of(".json", ".ndjson", ".jsonl", ".csv", ".gz");

	private final Interner interner;
	private final long parallelFrom;

	public TraceImporter() {
		this(new Interner());
	}

	public TraceImporter(Interner interner) {
		this(interner, ParallelImport.MIN_BYTES);
	}

	/**
	 * @param parallelFrom the size from which Jaeger and OTLP files are read on several cores (the result is the
	 *                     same; tests lower it to compare both ways on small files)
	 */
	public TraceImporter(Interner interner, long parallelFrom) {
		this.interner = interner;
		this.parallelFrom = parallelFrom;
	}

	/** The format of a file, or an error saying that it is none Pythia reads. */
	public TraceFormat detect(Path file) throws IOException, TraceFormatException {
		try (InputStream in = Files.isRegularFile(file) ? open(file)
				: unpacked(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			return detect(file, in);
		} catch (java.util.zip.ZipException | java.io.EOFException e) {
			throw corrupt(file, e);
		}
	}

	/** A gzip file whose header or data is broken is bad input, not an I/O failure. */
	private static TraceFormatException corrupt(Path file, IOException e) {
		return new TraceFormatException(file + ": corrupt or truncated gzip data: " + e.getMessage(), e);
	}

	/**
	 * Reads one file.
	 *
	 * @return the format it was in
	 * @throws TraceFormatException naming the file and, for malformed JSON or CSV, the line and column
	 * @throws IOException when the file cannot be read
	 */
	public TraceFormat read(Path file, TraceSink sink) throws IOException, TraceFormatException {
		try {
			return readChecked(file, sink);
		} catch (java.util.zip.ZipException | java.io.EOFException e) {
			throw corrupt(file, e);
		}
	}

	/**
	 * Reads a stream in a known format (e.g. a Jaeger query API answer), naming {@code source} in errors.
	 *
	 * @throws TraceFormatException for malformed input, with the source, line and column
	 */
	public void read(String source, InputStream in, TraceFormat format, TraceSink sink)
			throws IOException, TraceFormatException {
		Readers.read(format, source, in, sink, interner);
	}

	private TraceFormat readChecked(Path file, TraceSink sink) throws IOException, TraceFormatException {
		if (!Files.isRegularFile(file)) {
			// a pipe (e.g. /dev/stdin) can be read once only: detect on a buffered prefix, then parse the rest
			try (InputStream in = unpacked(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
				in.mark(FormatDetector.PREFIX_BYTES + 1);
				TraceFormat format = detect(file, in);
				in.reset();
				Readers.read(format, file.toString(), in, sink, interner);
				return format;
			}
		}
		TraceFormat format = detect(file);
		if (ParallelImport.read(format, file, file.toString(), sink, interner,
				parallelFrom) != ParallelImport.Outcome.NOT_STARTED) {
			return format;
		}
		// opened again rather than rewound: the parser then reads the file without an extra buffer copy
		try (InputStream in = open(file)) {
			Readers.read(format, file.toString(), in, sink, interner, () -> open(file));
		}
		return format;
	}

	/** Unpacks gzip, detected by its magic bytes; the stream must support mark. */
	private static InputStream unpacked(BufferedInputStream in) throws IOException {
		in.mark(2);
		int b1 = in.read();
		int b2 = in.read();
		in.reset();
		return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
	}

	/**
	 * Reads files and folders (folders recursively, files with trace-like endings: .json, .ndjson, .jsonl, .csv,
	 * .gz), in order. A file that fails is reported and the others are still read.
	 */
	public ImportResult readAll(List<Path> paths, TraceSink sink) throws IOException {
		return readAll(paths, sink, Progress.NONE);
	}

	/**
	 * {@link #readAll(List, TraceSink)} with progress per file; a cancel stops it between two files with a
	 * {@link java.util.concurrent.CancellationException} (the sink may stop it sooner, from inside a file).
	 */
	public ImportResult readAll(List<Path> paths, TraceSink sink, Progress progress) throws IOException {
		List<ImportResult.FileError> errors = new ArrayList<>();
		List<Path> files = expand(paths);
		progress.begin("Reading " + files.size() + " trace file(s)", files.size());
		try {
			for (Path f : files) {
				progress.checkCanceled();
				progress.subTask(f.getFileName().toString());
				try {
					read(f, sink);
				} catch (TraceFormatException e) {
					errors.add(new ImportResult.FileError(f, e.getMessage()));
				} catch (IOException e) {
					errors.add(new ImportResult.FileError(f, f + ": cannot be read: " + e.getMessage()));
				}
				progress.worked(1);
			}
		} finally {
			progress.done();
		}
		return new ImportResult(files.size(), errors);
	}

	/** Files named directly, and the trace-like files under named folders (sorted). */
	public static List<Path> expand(List<Path> paths) throws IOException {
		List<Path> files = new ArrayList<>();
		for (Path p : paths) {
			if (Files.isDirectory(p)) {
				try (Stream<Path> walk = Files.walk(p)) {
					walk.filter(Files::isRegularFile).filter(TraceImporter::looksLikeTraceFile).sorted()
							.forEach(files::add);
				}
			} else if (Files.exists(p)) {
				files.add(p);
			} else {
				throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such file or folder");
			}
		}
		return files;
	}

	private static boolean looksLikeTraceFile(Path p) {
		String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return TRACE_FILE_ENDINGS.stream().anyMatch(name::endsWith);
	}

	private static InputStream open(Path file) throws IOException {
		InputStream raw = Files.newInputStream(file);
		byte[] magic = new byte[2];
		int n = raw.readNBytes(magic, 0, 2);
		raw.close();
		raw = Files.newInputStream(file);
		return n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
				? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
				: raw;
	}

	private static TraceFormat detect(Path file, InputStream in) throws IOException, TraceFormatException {
		byte[] prefix = in.readNBytes(FormatDetector.PREFIX_BYTES);
		TraceFormat format = FormatDetector.detect(prefix, prefix.length);
		if (format == null) {
			throw new TraceFormatException(file + ": " + (prefix.length == 0 ? "the file is empty"
					: "not a trace format Pythia reads (Jaeger, Zipkin v2, OTLP/JSON, OSProfiler, X-Trace, Alibaba CSV)"));
		}
		return format;
	}
}
