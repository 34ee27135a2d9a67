// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;

/**
 * How every command is run: picocli parses the arguments, prints help and usage errors; a usage error names the
 * command ("pythia analyze: ...") and exits with 2, as the commands have always done.
 */
final class Cli {

	/** Exit status of bad arguments. */
	static final int USAGE = 2;

	private Cli() {
	}

	/** Parses {@code args} into {@code command} and runs it; the exit status. */
	static int execute(Object command, PrintStream out, PrintStream err, List<String> args) {
		return commandLine(command, out, err).execute(args.toArray(String[]::new));
	}

	static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
		CommandLine cl = new CommandLine(command);
		cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
		cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
		cl.setCaseInsensitiveEnumValuesAllowed(true);
		cl.setParameterExceptionHandler((e, a) -> {
			CommandLine c = e.getCommandLine();
			c.getErr().println(name(c) + ": " + e.getMessage());
			c.getErr().println("Try '" + name(c) + " --help'.");
			return USAGE;
		});
		cl.setExecutionExceptionHandler((e, c, parsed) -> {
			if (e instanceof IllegalArgumentException) { // the commands' own checks of their arguments
				c.getErr().println(name(c) + ": " + e.getMessage());
				c.getErr().println("Try '" + name(c) + " --help'.");
				return USAGE;
			}
			throw e;
		});
		return cl;
	}

	/** What a command of subcommands does when none is named: its usage on standard error, as a usage error. */
	static int noSubcommand(Object command, PrintStream err) {
		new CommandLine(command).usage(err);
		return USAGE;
	}

	/** "pythia analyze", "pythia lab start". */
	private static String name(CommandLine c) {
		String q = c.getCommandSpec().qualifiedName(" ");
		return q.startsWith("pythia") ? q : "pythia " + q;
	}

	/** Files and folders named as operands must exist (checked after parsing: a converter's failure would read as "unmatched"). */
	static void requireExisting(List<Path> paths) {
		for (Path p : paths) {
			if (!Files.exists(p)) {
				throw new IllegalArgumentException(p + ": no such file or folder");
			}
		}
	}

	/** {@code --version}: the build's bundle version (its qualifier is the build's time), from the jar's manifest. */
	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = null;
			try (java.io.InputStream in = Main.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
				if (in != null) {
					v = new java.util.jar.Manifest(in).getMainAttributes().getValue("Bundle-Version");
				}
			} catch (java.io.IOException e) {
				// no manifest to read: a development build
			}
			return new String[] { "pythia " + (v == null || v.endsWith("qualifier") ? "(development build)" : v) };
		}
	}

	/** A file or folder option value that must exist. */
	static final class ExistingPath implements CommandLine.ITypeConverter<Path> {
		@Override
		public Path convert(String value) {
			Path p = Path.of(value);
			if (!Files.exists(p)) {
				throw new CommandLine.TypeConversionException(value + ": no such file or folder");
			}
			return p;
		}
	}

	/** A --grouping value: workflow or critical-path. */
	static final class GroupingName implements CommandLine.ITypeConverter<io.pythia.core.analysis.Grouping> {
		@Override
		public io.pythia.core.analysis.Grouping convert(String value) {
			try {
				return io.pythia.core.analysis.Grouping.of(value);
			} catch (IllegalArgumentException e) {
				throw new CommandLine.TypeConversionException(e.getMessage());
			}
		}
	}

	/** The --slo option's description. */
	static final String SLO_HELP = "a request type's response-time objective in ms (repeatable): a group whose median is over it is a "
			+ "problem group (slow), whatever its variance; without one, a group far slower than its type's others is";

	/** The --grouping option's description, one text for every command that has it. */
	static final String GROUPING_HELP = "workflow (default: the same calls from the same places, whichever concurrent branch "
			+ "ends last) or critical-path (the same tracepoints along the critical path; finer)";
}
