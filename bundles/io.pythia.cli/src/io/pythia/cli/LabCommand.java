// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pythia.lab.LabController;
import io.pythia.lab.LabStatus;
import io.pythia.lab.LabTopology;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pythia lab start|stop|status|inject NAME|clear}: the command line's face of the {@link LabController}. The
 * lab's state (processes, ports, tokens) is kept in $PYTHIA_LAB_DIR (default ~/.pythia-lab).
 */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, usageHelpWidth = 110,
		description = { "The lab system: 8 services in their own JVMs with Pythia agents, a workload, and problems to "
				+ "inject. Its state and logs are in $PYTHIA_LAB_DIR (default ~/.pythia-lab).",
				"Problems: slow-replica, low-concurrency, random-sleeps, slow-third-party, lock-contention." },
		exitCodeListHeading = "Exit status:%n", exitCodeList = { "0:done", "1:the lab could not do it", "2:bad arguments" })
final class LabCommand implements Callable<Integer> {

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
		return Cli.execute(this, out, err, args);
	}

	/** No lab command named: the usage, as a usage error. */
	@Override
	public Integer call() {
		return Cli.noSubcommand(this, err);
	}

	private interface Step {
		int run() throws IOException;
	}

	private int report(Step step) {
		try {
			return step.run();
		} catch (IOException e) {
			err.println("pythia lab: " + e.getMessage());
			return 1;
		}
	}

	@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
			description = "Start the services and the workload, and wait until response times settle.")
	int start(@Option(names = "--rate", paramLabel = "R", defaultValue = "30", description = "requests per second (default: ${DEFAULT-VALUE})") double rate,
			@Option(names = "--mix", paramLabel = "TYPE=N,...", defaultValue = "create_server=4,delete_server=2,create_volume=2,list_images=2",
					description = "the request mix (default: ${DEFAULT-VALUE})") String mix,
			@Option(names = "--warm-up", paramLabel = "S", defaultValue = "90",
					description = "wait at most S seconds for response times to settle (default: ${DEFAULT-VALUE}; 0: do not wait)") int warmUp,
			@Option(names = "--zipkin", paramLabel = "URL",
					description = "also send every span to a Zipkin server (e.g. http://127.0.0.1:9411), to look at the traces in its UI")
			java.net.URI zipkin,
			@Option(names = "--otel", description = "the same services and problems on Jetty, the JDK HTTP client and H2 (JDBC), "
					+ "each under the unmodified OpenTelemetry javaagent with the Pythia extension instead of the Pythia agent") boolean otel,
			@Option(names = "--kafka", description = "also start a Kafka broker (KRaft, its own process) and send every span to its "
					+ "topic otlp_spans as OTLP protobuf, as a Collector's Kafka exporter would, for investigate --engine flink") boolean kafka) {
		return report(() -> {
			LabController.StartOptions options = new LabController.StartOptions(rate, mix, warmUp, zipkin);
			if (otel) {
				String home = System.getProperty("pythia.otel.lab");
				if (home == null) {
					throw new IOException("--otel needs the OTel lab's folder in -Dpythia.otel.lab (./pythia sets it)");
				}
				options = options.otel(Path.of(home));
			}
			if (kafka) {
				String lib = System.getProperty("pythia.kafka.lib");
				if (lib == null) {
					throw new IOException("--kafka needs the Kafka process's class path folder in -Dpythia.kafka.lib (./pythia sets it)");
				}
				options = options.kafka(Path.of(lib));
			}
			LabStatus s = lab.start(options, out::println);
			out.printf(Locale.ROOT, "lab started%s: %d services, %d tracepoints (skeleton enabled), workload %.0f requests/s; traces go to port %d%n",
					otel ? " under the OpenTelemetry javaagent" : "", s.services().size(),
					otel ? s.tracepoints() : LabTopology.tracepointCount(), rate, s.otlpPort());
			if (zipkin != null) {
				out.println("every span also goes to Zipkin at " + zipkin);
			}
			if (kafka) {
				out.println("port " + s.otlpPort() + " writes every span to Kafka at " + lab.kafkaBootstrap().orElse("?")
						+ ", topic otlp_spans (investigate --lab --engine flink reads it)");
			}
			out.println("state and logs: " + lab.dir() + "; connection file for the workbench: " + lab.connectionFile());
			return 0;
		});
	}

	@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Stop every lab process (a start under way is cut short).")
	int stop() {
		return report(() -> {
			int n = lab.stop();
			out.println(n < 0 ? "the lab is not running" : "lab stopped: " + n + " process(es)");
			return 0;
		});
	}

	@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Services, tracepoints, problems.")
	int status(@Option(names = "--json", description = "one JSON object on standard output") boolean json) {
		return report(() -> {
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
		});
	}

	@Command(name = "inject", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Switch a problem on.")
	int inject(@Parameters(paramLabel = "NAME", description = "slow-replica, low-concurrency, random-sleeps, slow-third-party or lock-contention") String name) {
		return report(() -> {
			LabTopology.Problem p = lab.inject(name);
			out.println("problem " + p.name() + " is active: " + p.what() + " (" + lab.tracepoint(p) + ")");
			return 0;
		});
	}

	@Command(name = "clear", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, description = "Switch every problem off.")
	int clear() {
		return report(() -> {
			lab.clear();
			out.println("every problem is off");
			return 0;
		});
	}
}
