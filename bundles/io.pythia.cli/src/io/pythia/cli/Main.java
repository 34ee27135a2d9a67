// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

import io.pythia.lab.LabController;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of Pythia's headless commands, started by {@code ./pythia COMMAND ...}. */
@Command(name = "pythia", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
		description = "Pythia's headless commands; ./pythia --help lists the commands of the start script too.")
public final class Main implements Callable<Integer> {

	private final PrintStream err;

	private Main(PrintStream err) {
		this.err = err;
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args), System.out, System.err));
	}

	static int run(List<String> args, PrintStream out, PrintStream err) {
		CommandLine cl = Cli.commandLine(new Main(err), out, err);
		cl.addSubcommand(Cli.commandLine(new AnalyzeCommand(out, err), out, err));
		cl.addSubcommand(Cli.commandLine(new CompareCommand(out, err), out, err));
		cl.addSubcommand(Cli.commandLine(new ReplayCommand(out, err), out, err));
		cl.addSubcommand(Cli.commandLine(new ExportCommand(out, err), out, err));
		cl.addSubcommand(Cli.commandLine(new LabCommand(out, err, LabController.folder()), out, err));
		cl.addSubcommand(Cli.commandLine(new InvestigateCommand(out, err, LabController.folder()), out, err));
		cl.addSubcommand(Cli.commandLine(new BenchCommand(out, err), out, err));
		return cl.execute(args.toArray(String[]::new));
	}

	/** No command named. */
	@Override
	public Integer call() {
		err.println("pythia: which command? analyze, compare, replay, export, lab, investigate or bench (--help lists them)");
		return Cli.USAGE;
	}
}
