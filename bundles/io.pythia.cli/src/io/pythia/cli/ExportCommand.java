// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.pythia.core.analysis.LeanTraces;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.ImportResult;
import io.pythia.importers.TraceImporter;
import io.pythia.importers.TraceWriter;

/**
 * {@code pythia export --lean ...}: writes traces restricted to chosen tracepoints (or to each trace's critical
 * path), with edges contracted over the removed events, as Jaeger JSON or OTLP/JSON.
 */
final class ExportCommand {

	static final String USAGE = """
			Usage: pythia export --lean (--keep TP[,TP...] | --keep-file FILE | --critical-path) [options] PATH...

			Writes lean traces: each trace restricted to the chosen tracepoints (the root always stays), spans
			nested under their nearest kept calling context, timing unchanged.

			Options:
			  --keep TP[,TP...]     tracepoint ids to keep (service:operation for span formats)
			  --keep-file FILE      tracepoint ids to keep, one per line
			  --critical-path       keep the events on each trace's critical path
			  --format FORMAT       jaeger (default; Jaeger's UI opens it) or otlp
			  --out FILE            write there instead of standard output
			""";

	private final PrintStream out;
	private final PrintStream err;

	ExportCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		boolean leanAsked = false;
		boolean criticalPath = false;
		Set<String> keep = new LinkedHashSet<>();
		String format = "jaeger";
		Path target = null;
		List<Path> paths = new ArrayList<>();
		try {
			for (int i = 0; i < args.size(); i++) {
				String a = args.get(i);
				switch (a) {
				case "-h", "--help" -> {
					out.print(USAGE);
					return 0;
				}
				case "--lean" -> leanAsked = true;
				case "--critical-path" -> criticalPath = true;
				case "--keep" -> keep.addAll(List.of(Arguments.value(args, ++i, a).split(",")));
				case "--keep-file" -> {
					Path f = Path.of(Arguments.value(args, ++i, a));
					try {
						Files.readAllLines(f).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
								.forEach(keep::add);
					} catch (IOException e) {
						throw new IllegalArgumentException(f + ": cannot be read: " + e.getMessage());
					}
				}
				case "--format" -> format = Arguments.value(args, ++i, a);
				case "--out" -> target = Path.of(Arguments.value(args, ++i, a));
				default -> paths.add(Arguments.existingPath(a));
				}
			}
			if (!leanAsked) {
				throw new IllegalArgumentException("only lean export exists: add --lean");
			}
			if (keep.isEmpty() == !criticalPath) {
				throw new IllegalArgumentException("say what to keep: --keep, --keep-file or --critical-path (one of them)");
			}
			if (!format.equals("jaeger") && !format.equals("otlp")) {
				throw new IllegalArgumentException("unknown format '" + format + "': use jaeger or otlp");
			}
			if (paths.isEmpty()) {
				throw new IllegalArgumentException("no file or folder to export from");
			}
		} catch (IllegalArgumentException e) {
			err.println("pythia export: " + e.getMessage());
			err.println("Try 'pythia export --help'.");
			return 2;
		}
		List<Trace> lean = new ArrayList<>();
		boolean byPath = criticalPath;
		ImportResult result;
		try {
			// the traces were repaired as analyze reports; the export carries the repaired form
			Set<String> kept = Set.copyOf(keep);
			result = new TraceImporter().readAll(paths, TraceSink.of(t -> lean.add(byPath ? LeanTraces.criticalPath(t)
					: LeanTraces.keeping(t, kept)), w -> {
					}));
		} catch (IOException e) {
			err.println("pythia export: " + e.getMessage());
			return 2;
		}
		result.errors().forEach(e -> err.println("pythia export: " + e.message()));
		if (lean.isEmpty()) {
			err.println("pythia export: nothing to export: no trace in " + result.files() + " file(s)");
			return 1;
		}
		try (OutputStream os = target == null ? null : Files.newOutputStream(target)) {
			OutputStream sinkStream = os == null ? out : os;
			if (format.equals("otlp")) {
				TraceWriter.writeOtlp(lean, sinkStream);
			} else {
				TraceWriter.writeJaeger(lean, sinkStream);
			}
			sinkStream.flush();
		} catch (IOException e) {
			err.println("pythia export: " + (target == null ? "" : target + ": ") + e.getMessage());
			return 1;
		}
		int events = lean.stream().mapToInt(Trace::recordedEvents).sum();
		err.printf("pythia export: %d lean trace(s), %d events%s%n", lean.size(), events,
				target == null ? "" : " written to " + target);
		return 0;
	}
}
