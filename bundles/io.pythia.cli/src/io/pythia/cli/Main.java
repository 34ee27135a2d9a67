// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.util.List;

/** Entry point of Pythia's headless commands, started by {@code ./pythia COMMAND ...}. */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args)));
	}

	static int run(List<String> args) {
		if (args.isEmpty()) {
			System.err.println("pythia: which command? analyze, replay, export or bench");
			return 2;
		}
		List<String> rest = args.subList(1, args.size());
		return switch (args.get(0)) {
		case "analyze" -> new AnalyzeCommand(System.out, System.err).run(rest);
		case "bench" -> new BenchCommand(System.out, System.err).run(rest);
		case "replay" -> new ReplayCommand(System.out, System.err).run(rest);
		case "export" -> new ExportCommand(System.out, System.err).run(rest);
		case "lab" -> new LabCommand(System.out, System.err, io.pythia.lab.LabController.folder()).run(rest);
		case "investigate" -> new InvestigateCommand(System.out, System.err, io.pythia.lab.LabController.folder()).run(rest);
		default -> {
			System.err.println("pythia: unknown command '" + args.get(0) + "'");
			yield 2;
		}
		};
	}
}
