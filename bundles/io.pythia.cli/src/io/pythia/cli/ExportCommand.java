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
import java.util.concurrent.Callable;

import io.pythia.core.analysis.LeanTraces;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.ImportResult;
import io.pythia.importers.TraceImporter;
import io.pythia.importers.TraceWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pythia export --lean ...}: writes traces restricted to chosen tracepoints (or to each trace's critical
 * path), with edges contracted over the removed events, as Jaeger JSON or OTLP/JSON.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 110,
		customSynopsis = "pythia export --lean (--keep TP[,TP...] | --keep-file FILE | --critical-path) [options] PATH...",
		description = { "Writes lean traces: each trace restricted to the chosen tracepoints (the root always stays), "
				+ "spans nested under their nearest kept calling context, timing unchanged." },
		exitCodeListHeading = "Exit status:%n", exitCodeList = { "0:written", "1:nothing to export or not written", "2:bad arguments" })
final class ExportCommand implements Callable<Integer> {

	@Parameters(paramLabel = "PATH", description = "trace files and folders")
	private List<Path> paths = new ArrayList<>();

	@Option(names = "--lean", description = "lean traces (the only export there is)")
	private boolean leanAsked;

	@Option(names = "--keep", paramLabel = "TP", split = ",", description = "tracepoint ids to keep (service:operation for span formats)")
	private List<String> keepIds = new ArrayList<>();

	@Option(names = "--keep-file", paramLabel = "FILE", description = "tracepoint ids to keep, one per line")
	private Path keepFile;

	@Option(names = "--critical-path", description = "keep the events on each trace's critical path")
	private boolean criticalPath;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jaeger", description = "jaeger (default; Jaeger's UI opens it) or otlp")
	private String format;

	@Option(names = "--out", paramLabel = "FILE", description = "write there instead of standard output")
	private Path target;

	private final PrintStream out;
	private final PrintStream err;

	ExportCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		return Cli.execute(this, out, err, args);
	}

	@Override
	public Integer call() {
		Cli.requireExisting(paths);
		Set<String> keep = new LinkedHashSet<>(keepIds);
		if (keepFile != null) {
			try {
				Files.readAllLines(keepFile).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
						.forEach(keep::add);
			} catch (IOException e) {
				throw new IllegalArgumentException(keepFile + ": cannot be read: " + e.getMessage());
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
