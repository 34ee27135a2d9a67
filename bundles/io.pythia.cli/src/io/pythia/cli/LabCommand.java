// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pythia.control.AgentEndpoint;
import io.pythia.core.json.JsonText;
import io.pythia.lab.LabService;
import io.pythia.lab.LabTopology;
import io.pythia.lab.LabWorkload;

/**
 * {@code pythia lab start|stop|status|inject NAME|clear}: the lab system, each service its own JVM on loopback,
 * with an open-loop workload. Its state (processes, ports, tokens) is kept in $PYTHIA_LAB_DIR (default
 * ~/.pythia-lab).
 */
public final class LabCommand {

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
	private final Path dir;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Where the lab's services find their classes: this JVM's class path, or the given one (the workbench's). */
	private final String classpath;

	LabCommand(PrintStream out, PrintStream err, Path dir) {
		this(out, err, dir, System.getProperty("java.class.path"));
	}

	LabCommand(PrintStream out, PrintStream err, Path dir, String classpath) {
		this.out = out;
		this.err = err;
		this.dir = dir;
		this.classpath = classpath;
	}

	/**
	 * {@code pythia lab ...} for other front ends: the workbench starts and stops the lab with it, giving the class
	 * path of its own lab, agent and core bundles (an OSGi runtime has no useful java.class.path).
	 *
	 * @return the exit status of the lab command
	 */
	public static int run(List<String> args, PrintStream out, PrintStream err, Path dir, String classpath) {
		return new LabCommand(out, err, dir, classpath).run(args);
	}

	/** The lab's folder: $PYTHIA_LAB_DIR, else ~/.pythia-lab. */
	public static Path folder() {
		return defaultDir();
	}

	static Path defaultDir() {
		String env = System.getenv("PYTHIA_LAB_DIR");
		return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".pythia-lab");
	}

	public int run(List<String> args) {
		if (args.isEmpty()) {
			err.print(USAGE);
			return 2;
		}
		try {
			return switch (args.get(0)) {
			case "start" -> start(args.subList(1, args.size()));
			case "stop" -> stop();
			case "status" -> status(args.contains("--json"));
			case "inject" -> {
				if (args.size() < 2) {
					throw new IllegalArgumentException("inject needs a problem name");
				}
				yield problem(args.get(1), true);
			}
			case "clear" -> problem(null, false);
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

	private Path stateFile() {
		return dir.resolve("lab.json");
	}

	private int start(List<String> args) throws IOException {
		double rate = 30;
		String mix = "create_server=4,delete_server=2,create_volume=2,list_images=2";
		int warmUpSeconds = 90;
		for (int i = 0; i < args.size(); i++) {
			switch (args.get(i)) {
			case "--rate" -> rate = Double.parseDouble(Arguments.value(args, ++i, "--rate"));
			case "--mix" -> mix = Arguments.value(args, ++i, "--mix");
			case "--warm-up" -> warmUpSeconds = Integer.parseInt(Arguments.value(args, ++i, "--warm-up"));
			default -> throw new IllegalArgumentException("unknown option " + args.get(i));
			}
		}
		if (Files.exists(stateFile()) && anyAlive(read())) {
			throw new IOException("the lab is running already (" + stateFile() + "); stop it first: pythia lab stop");
		}
		Files.createDirectories(dir);
		int otlp = freePort();
		Map<String, Integer> ports = new LinkedHashMap<>();
		Map<String, Integer> controls = new LinkedHashMap<>();
		for (String s : LabTopology.SERVICES) {
			ports.put(s, freePort());
			controls.put(s, freePort());
		}
		String peers = String.join(",", ports.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
		List<Object> services = new ArrayList<>();
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("otlpPort", (long) otlp);
		state.put("services", services);
		for (String s : LabTopology.SERVICES) {
			String token = UUID.randomUUID().toString();
			Process p = java(LabService.class.getName(), dir.resolve(s + ".log"), s, ports.get(s).toString(),
					controls.get(s).toString(), token, "http://127.0.0.1:" + otlp + "/v1/traces", peers);
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("name", s);
			m.put("pid", p.pid());
			m.put("port", (long) ports.get(s));
			m.put("controlUrl", "http://127.0.0.1:" + controls.get(s) + "/");
			m.put("token", token);
			services.add(m);
			write(state); // written as it grows: a failed start can still be stopped
		}
		for (Object o : services) {
			waitHealthy((Map<?, ?>) o);
		}
		Path warmUp = dir.resolve("warm-up.json");
		Files.deleteIfExists(warmUp);
		Process workload = java(LabWorkload.class.getName(), dir.resolve("workload.log"), ports.get("gateway").toString(),
				Double.toString(rate), mix, warmUp.toString());
		state.put("workloadPid", workload.pid());
		state.put("rate", rate);
		state.put("mix", mix);
		write(state);
		// what the workbench's File > Connect to System reads (and ./pythia demo opens)
		AgentEndpoint.write(connection(state), dir.resolve("connection.json"));
		if (warmUpSeconds > 0) {
			waitWarm(warmUp, workload, warmUpSeconds);
		}
		out.printf(Locale.ROOT, "lab started: %d services, %d tracepoints (skeleton enabled), workload %.0f requests/s; traces go to port %d%n",
				services.size(), LabTopology.tracepointCount(), rate, otlp);
		out.println("state and logs: " + dir + "; connection file for the workbench: " + dir.resolve("connection.json"));
		return 0;
	}

	/**
	 * Waits until the workload sees settled response times (see the lab's WarmUp), at most {@code seconds}: an
	 * investigation started on cold JVMs chases their warm-up instead of the problem.
	 */
	@SuppressWarnings("unchecked")
	private void waitWarm(Path status, Process workload, int seconds) throws IOException {
		out.println("warming up: the workload runs until response times settle (at most " + seconds + " s)...");
		long deadline = System.currentTimeMillis() + seconds * 1000L;
		String last = null;
		while (System.currentTimeMillis() < deadline) {
			if (!workload.isAlive()) {
				throw new IOException("the lab's workload exited; see " + dir.resolve("workload.log"));
			}
			Map<String, Object> s = null;
			try {
				s = Files.exists(status) ? (Map<String, Object>) JsonText.parse(Files.readString(status)) : null;
			} catch (IOException | RuntimeException e) {
				// replaced as we read it, or not JSON: the next look tells
			}
			if (s != null) {
				last = String.valueOf(s.get("last"));
				if (Boolean.TRUE.equals(s.get("warm"))) {
					out.println("warm after " + s.get("seconds") + " s (" + last + ")");
					return;
				}
			}
			sleep(500);
		}
		out.println("not warm after " + seconds + " s; starting anyway" + (last == null ? "" : " (" + last + ")"));
	}

	private Process java(String mainClass, Path log, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.add("-Xmx256m");
		// Nine JVMs share the machine (two cores here): C1 alone compiles the lab's small hot paths within seconds
		// (C2's compilations kept latencies drifting for 45 s and cost a third more CPU at steady state), and the
		// serial collector keeps each JVM to one GC thread. Measured with the workload's per-window medians.
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-XX:+UseSerialGC");
		command.add("-cp");
		command.add(classpath);
		command.add(mainClass);
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private void waitHealthy(Map<?, ?> service) throws IOException {
		long deadline = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < deadline) {
			try {
				if (get(service, "v1/health").statusCode() == 200) {
					return;
				}
			} catch (IOException e) {
				// not up yet
			}
			if (ProcessHandle.of(((Number) service.get("pid")).longValue()).map(ProcessHandle::isAlive).orElse(false) == false) {
				throw new IOException("lab service " + service.get("name") + " exited; see " + dir.resolve(service.get("name") + ".log"));
			}
			sleep(100);
		}
		throw new IOException("lab service " + service.get("name") + " did not answer within 60 s");
	}

	private int stop() throws IOException {
		if (!Files.exists(stateFile())) {
			out.println("the lab is not running");
			return 0;
		}
		Map<String, Object> state = read();
		List<ProcessHandle> handles = new ArrayList<>();
		pids(state).forEach(pid -> ProcessHandle.of(pid).ifPresent(handles::add));
		handles.forEach(ProcessHandle::destroy);
		long deadline = System.currentTimeMillis() + 5_000;
		for (ProcessHandle h : handles) {
			while (h.isAlive() && System.currentTimeMillis() < deadline) {
				sleep(50);
			}
			if (h.isAlive()) {
				h.destroyForcibly();
			}
		}
		Files.delete(stateFile());
		out.println("lab stopped: " + handles.size() + " process(es)");
		return 0;
	}

	@SuppressWarnings("unchecked")
	private int status(boolean json) throws IOException {
		if (!Files.exists(stateFile())) {
			err.println("pythia lab: the lab is not running (start it: pythia lab start)");
			return 1;
		}
		Map<String, Object> state = read();
		List<Object> services = new ArrayList<>();
		List<Object> problems = new ArrayList<>();
		long tracepoints = 0;
		long enabled = 0;
		for (Object o : (List<Object>) state.get("services")) {
			Map<String, Object> s = (Map<String, Object>) o;
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("name", s.get("name"));
			m.put("pid", s.get("pid"));
			m.put("controlUrl", s.get("controlUrl"));
			boolean alive = ProcessHandle.of(((Number) s.get("pid")).longValue()).map(ProcessHandle::isAlive).orElse(false);
			m.put("alive", alive);
			services.add(m);
			if (!alive) {
				continue;
			}
			try {
				Map<String, Object> tps = (Map<String, Object>) JsonText.parse(get(s, "v1/tracepoints").body());
				for (Object t : (List<Object>) tps.get("tracepoints")) {
					tracepoints++;
					enabled += ((List<Object>) ((Map<String, Object>) t).get("enabledFor")).isEmpty() ? 0 : 1;
				}
				HttpResponse<String> p = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.get("port") + "/lab/problems")).build(),
						HttpResponse.BodyHandlers.ofString());
				problems.addAll((List<Object>) ((Map<String, Object>) JsonText.parse(p.body())).get("problems"));
			} catch (IOException | InterruptedException | IllegalArgumentException e) {
				m.put("alive", false);
				m.put("error", e.getMessage());
			}
		}
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("services", services);
		status.put("tracepoints", tracepoints);
		status.put("enabled", enabled);
		status.put("problems", problems);
		status.put("otlpPort", state.get("otlpPort"));
		if (json) {
			out.println(JsonText.write(status));
		} else {
			out.printf(Locale.ROOT, "lab: %d services, %d tracepoints, %d enabled for some request type; traces to port %s%n",
					services.size(), tracepoints, enabled, state.get("otlpPort"));
			for (Object o : services) {
				Map<String, Object> s = (Map<String, Object>) o;
				out.printf(Locale.ROOT, "  %-10s pid %-8s %s  %s%n", s.get("name"), s.get("pid"), s.get("controlUrl"),
						Boolean.TRUE.equals(s.get("alive")) ? "up" : "DOWN");
			}
			for (Object o : problems) {
				Map<String, Object> p = (Map<String, Object>) o;
				out.printf(Locale.ROOT, "  problem %-17s %-40s %s%n", p.get("name"), p.get("tracepoint"),
						Boolean.TRUE.equals(p.get("active")) ? "ACTIVE" : "off");
			}
		}
		return 0;
	}

	@SuppressWarnings("unchecked")
	private int problem(String name, boolean active) throws IOException {
		if (!Files.exists(stateFile())) {
			throw new IOException("the lab is not running (start it: pythia lab start)");
		}
		Map<String, Object> state = read();
		List<LabTopology.Problem> targets = LabTopology.PROBLEMS.stream().filter(p -> name == null || p.name().equals(name)).toList();
		if (targets.isEmpty()) {
			throw new IllegalArgumentException("no problem '" + name + "'; the problems are "
					+ String.join(", ", LabTopology.PROBLEMS.stream().map(LabTopology.Problem::name).toList()));
		}
		for (LabTopology.Problem p : targets) {
			Optional<Map<String, Object>> service = ((List<Object>) state.get("services")).stream().map(o -> (Map<String, Object>) o)
					.filter(s -> p.service().equals(s.get("name"))).findFirst();
			if (service.isEmpty()) {
				throw new IOException("the lab has no service " + p.service());
			}
			try {
				HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.get().get("port") + "/lab/problem"))
						.POST(HttpRequest.BodyPublishers.ofString(JsonText.write(Map.of("name", p.name(), "active", active)))).build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() != 200) {
					throw new IOException(p.service() + " answered " + r.statusCode() + ": " + r.body().strip());
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted");
			} catch (java.net.ConnectException e) {
				throw new IOException("lab service " + p.service() + " is not answering on port " + service.get().get("port")
						+ " (is the lab up? pythia lab status)", e);
			}
			if (active) {
				out.println("problem " + p.name() + " is active: " + p.what() + " (" + p.tracepoint() + ")");
			}
		}
		if (!active) {
			out.println("every problem is off");
		}
		return 0;
	}

	/** The lab's agents, for a connection to them. */
	@SuppressWarnings("unchecked")
	static AgentEndpoint.Connection connection(Map<String, Object> state) {
		List<AgentEndpoint> agents = new ArrayList<>();
		for (Object o : (List<Object>) state.get("services")) {
			Map<String, Object> s = (Map<String, Object>) o;
			agents.add(new AgentEndpoint((String) s.get("name"), URI.create((String) s.get("controlUrl")), (String) s.get("token")));
		}
		return new AgentEndpoint.Connection(agents, ((Number) state.get("otlpPort")).intValue());
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> read() throws IOException {
		try {
			return (Map<String, Object>) JsonText.parse(Files.readString(stateFile()));
		} catch (IllegalArgumentException | ClassCastException e) {
			throw new IOException(stateFile() + ": unreadable lab state: " + e.getMessage());
		}
	}

	private void write(Map<String, Object> state) throws IOException {
		Files.writeString(stateFile(), JsonText.write(state) + "\n");
	}

	@SuppressWarnings("unchecked")
	private static List<Long> pids(Map<String, Object> state) {
		List<Long> pids = new ArrayList<>();
		if (state.get("workloadPid") instanceof Number n) {
			pids.add(n.longValue());
		}
		for (Object o : (List<Object>) state.get("services")) {
			pids.add(((Number) ((Map<String, Object>) o).get("pid")).longValue());
		}
		return pids;
	}

	private static boolean anyAlive(Map<String, Object> state) {
		return pids(state).stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
	}

	private HttpResponse<String> get(Map<?, ?> service, String path) throws IOException {
		try {
			return http.send(HttpRequest.newBuilder(URI.create((String) service.get("controlUrl")).resolve(path))
					.timeout(Duration.ofSeconds(3)).header("Authorization", "Bearer " + service.get("token")).build(),
					HttpResponse.BodyHandlers.ofString());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
