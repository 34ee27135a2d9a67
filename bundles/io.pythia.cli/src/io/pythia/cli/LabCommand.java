// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.lab.LabController;
import io.pythia.lab.LabStatus;
import io.pythia.lab.LabTopology;

/**
 * {@code pythia lab start|stop|status|inject NAME|clear}: the command line's face of the {@link LabController}. The
 * lab's state (processes, ports, tokens) is kept in $PYTHIA_LAB_DIR (default ~/.pythia-lab).
 */
final class LabCommand {

	static final String USAGE = """
			Usage: pythia lab start [--rate R] [--mix TYPE=N,...] [--warm-up S]
			                                                        start the services and the workload, and
			                                                        wait until response times settle (at most
			                                                        S seconds, default 90; 0: do not wait)
			       pythia lab stop                                  stop every lab process
			       pythia lab status [--json]                       services, tracepoints, problems
			       pythia lab inject NAME                           switch a problem on
			       pythia lab clear                                 switch every problem off

			Problems: slow-replica, low-concurrency, random-sleeps, slow-third-party, lock-contention.
			""";

	private final PrintStream out;
	private final PrintStream err;
	private final LabController lab;

	/** A lab whose services run on this JVM's class path. */
	LabCommand(PrintStream out, PrintStream err, Path dir) {
		this.out = out;
		this.err = err;
		this.lab = new LabController(dir, System.getProperty("java.class.path"));
	}

	int run(List<String> args) {
		if (args.isEmpty()) {
			err.print(USAGE);
			return 2;
		}
		try {
			return switch (args.get(0)) {
			case "start" -> start(args.subList(1, args.size()));
			case "stop" -> {
				int n = lab.stop();
				out.println(n < 0 ? "the lab is not running" : "lab stopped: " + n + " process(es)");
				yield 0;
			}
			case "status" -> status(args.contains("--json"));
			case "inject" -> {
				if (args.size() < 2) {
					throw new IllegalArgumentException("inject needs a problem name");
				}
				LabTopology.Problem p = lab.inject(args.get(1));
				out.println("problem " + p.name() + " is active: " + p.what() + " (" + p.tracepoint() + ")");
				yield 0;
			}
			case "clear" -> {
				lab.clear();
				out.println("every problem is off");
				yield 0;
			}
			case "-h", "--help" -> {
				out.print(USAGE);
				yield 0;
			}
			default -> throw new IllegalArgumentException("unknown lab command '" + args.get(0) + "'");
			};
		} catch (IllegalArgumentException e) {
			err.println("pythia lab: " + e.getMessage());
			err.print(USAGE);
			return 2;
		} catch (IOException e) {
			err.println("pythia lab: " + e.getMessage());
			return 1;
		}
	}

	private int start(List<String> args) throws IOException {
		LabController.StartOptions o = LabController.StartOptions.DEFAULTS;
		double rate = o.rate();
		String mix = o.mix();
		int warmUp = o.warmUpSeconds();
		for (int i = 0; i < args.size(); i++) {
			switch (args.get(i)) {
			case "--rate" -> rate = Double.parseDouble(Arguments.value(args, ++i, "--rate"));
			case "--mix" -> mix = Arguments.value(args, ++i, "--mix");
			case "--warm-up" -> warmUp = Integer.parseInt(Arguments.value(args, ++i, "--warm-up"));
			default -> throw new IllegalArgumentException("unknown option " + args.get(i));
			}
		}
		LabStatus s = lab.start(new LabController.StartOptions(rate, mix, warmUp), out::println);
		out.printf(Locale.ROOT, "lab started: %d services, %d tracepoints (skeleton enabled), workload %.0f requests/s; traces go to port %d%n",
				s.services().size(), LabTopology.tracepointCount(), rate, s.otlpPort());
		out.println("state and logs: " + lab.dir() + "; connection file for the workbench: " + lab.connectionFile());
		return 0;
	}

	private int status(boolean json) throws IOException {
		LabStatus s = lab.status();
		if (json) {
			out.println(new ObjectMapper().writeValueAsString(s));
			return 0;
		}
		out.printf(Locale.ROOT, "lab: %d services, %d tracepoints, %d enabled for some request type; traces to port %d%n",
				s.services().size(), s.tracepoints(), s.enabled(), s.otlpPort());
		for (LabStatus.Service x : s.services()) {
			out.printf(Locale.ROOT, "  %-10s pid %-8d %s  %s%n", x.name(), x.pid(), x.controlUrl(), x.alive() ? "up" : "DOWN");
		}
		for (LabStatus.Problem p : s.problems()) {
			out.printf(Locale.ROOT, "  problem %-17s %-40s %s%n", p.name(), p.tracepoint(), p.active() ? "ACTIVE" : "off");
		}
		return 0;
	}
}
