// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pythia.lab.internal.LabService;
import io.pythia.lab.internal.LabWorkload;

/**
 * The lab system from outside: starts its services (each in its own JVM on loopback) and the workload, stops them,
 * switches problems on and off, and says how it stands. The command line and the workbench both use it. Its state
 * (processes, ports, tokens) is kept in one folder; commands are one at a time, across processes: each holds a lock
 * on the folder, and a second start is refused while one runs. Files that hold the agents' tokens are readable by
 * their owner only.
 */
public final class LabController {

	/** Start options: requests per second, the request mix, and how long to wait for the lab to warm up. */
	/**
	 * @param zipkin   a Zipkin server that gets every span too (its base URL, e.g. http://127.0.0.1:9411/), or null
	 * @param otelHome the OTel lab's folder (its lib/ class path, the OpenTelemetry javaagent and the Pythia
	 *                 extension jar): the services run on Jetty, the JDK HTTP client and H2 under the unmodified
	 *                 javaagent, with no Pythia agent; null for the light lab
	 * @param kafkaLib the class path folder of the lab's Kafka process (io.pythia.kafka): a broker, and an OTLP
	 *                 receiver in place of the workbench's that writes every export request to the topic
	 *                 otlp_spans; null for none
	 */
	public record StartOptions(double rate, String mix, int warmUpSeconds, URI zipkin, Path otelHome, Path kafkaLib) {
		public static final StartOptions DEFAULTS = new StartOptions(30,
				"create_server=4,delete_server=2,create_volume=2,list_images=2", 90);

		public StartOptions(double rate, String mix, int warmUpSeconds) {
			this(rate, mix, warmUpSeconds, null, null, null);
		}

		public StartOptions(double rate, String mix, int warmUpSeconds, URI zipkin) {
			this(rate, mix, warmUpSeconds, zipkin, null, null);
		}

		/** The same under the OpenTelemetry javaagent, its lab laid out in {@code home}. */
		public StartOptions otel(Path home) {
			return new StartOptions(rate, mix, warmUpSeconds, zipkin, home, kafkaLib);
		}

		/** The same with the lab's Kafka process, started from the jars in {@code lib}. */
		public StartOptions kafka(Path lib) {
			return new StartOptions(rate, mix, warmUpSeconds, zipkin, otelHome, lib);
		}

		/** Zipkin's span endpoint, or "-" for none (as the services take it). */
		String zipkinSpans() {
			return zipkin == null ? "-" : URI.create(zipkin.toString().endsWith("/") ? zipkin.toString() : zipkin + "/")
					.resolve("api/v2/spans").toString();
		}
	}

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Path dir;
	private final String classpath;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * @param dir       the lab's folder
	 * @param classpath where the lab's service processes find their classes: the lab and agent jars (see
	 *                  {@link #serviceClasses()})
	 */
	public LabController(Path dir, String classpath) {
		this.dir = dir;
		this.classpath = classpath;
	}

	/** $PYTHIA_LAB_DIR, else ~/.pythia-lab (the user.home of this JVM, which the start script sets to $HOME). */
	public static Path folder() {
		String env = System.getenv("PYTHIA_LAB_DIR");
		return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".pythia-lab");
	}

	/** Classes whose code the service processes need on their class path (one from each bundle). */
	public static List<Class<?>> serviceClasses() {
		return List.of(LabService.class, io.pythia.agent.Agent.class);
	}

	public Path dir() {
		return dir;
	}

	/** The file the workbench's File &gt; Connect to System and {@code investigate --lab} read. */
	public Path connectionFile() {
		return dir.resolve("connection.json");
	}

	private Path stateFile() {
		return dir.resolve("lab.json");
	}

	private Path stopRequest() {
		return dir.resolve("stop-requested");
	}

	/** Whether the lab's state says it runs (its processes may have died since: see {@link #status()}). */
	public boolean started() {
		return Files.exists(stateFile());
	}

	// --- one command at a time ---

	private interface Command<T> {
		T run() throws IOException;
	}

	/** Runs a command holding the lab's lock; {@code wait} blocks for it, else a busy lab is refused. */
	private <T> T locked(boolean wait, Command<T> command) throws IOException {
		Files.createDirectories(dir);
		try (FileChannel channel = FileChannel.open(dir.resolve("lab.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE)) {
			FileLock lock = null;
			long deadline = System.currentTimeMillis() + 150_000;
			while (lock == null) {
				try {
					lock = channel.tryLock();
				} catch (OverlappingFileLockException e) {
					lock = null; // held by another thread of this JVM
				}
				if (lock == null) {
					if (!wait) {
						throw new IOException("another lab command is under way (the lab is starting or stopping; "
								+ dir.resolve("lab.lock") + " is locked)");
					}
					if (System.currentTimeMillis() > deadline) {
						throw new IOException("another lab command has held " + dir.resolve("lab.lock") + " for 150 s");
					}
					sleep(100);
				}
			}
			try {
				return command.run();
			} finally {
				lock.release();
			}
		}
	}

	// --- start ---

	/**
	 * Starts the services and the workload, and waits until response times settle.
	 *
	 * @param progress what it is doing, in words
	 * @throws IOException when the lab runs already, another lab command is under way, or a service did not come up
	 *                     (what did start is stopped again)
	 */
	public LabStatus start(StartOptions options, Consumer<String> progress) throws IOException {
		return locked(false, () -> {
			if (Files.exists(stateFile()) && anyAlive(readState())) {
				throw new IOException("the lab is running already (" + stateFile() + "); stop it first: pythia lab stop");
			}
			Files.deleteIfExists(stopRequest());
			try {
				return doStart(options, progress);
			} catch (IOException | RuntimeException e) {
				if (Files.exists(stateFile())) {
					stopProcesses(readState());
					Files.deleteIfExists(stateFile());
				}
				throw e;
			}
		});
	}

	private LabStatus doStart(StartOptions options, Consumer<String> progress) throws IOException {
		java.util.Set<Integer> chosen = new java.util.HashSet<>(); // no port twice: none is bound before all are chosen
		int otlp = freePort(chosen);
		ObjectNode state = JSON.createObjectNode();
		state.put("otlpPort", otlp);
		if (options.zipkin() != null) {
			state.put("zipkin", options.zipkinSpans());
		}
		ArrayNode services = state.putArray("services");
		List<Integer> ports = new ArrayList<>();
		List<String> peers = new ArrayList<>();
		for (String s : LabTopology.SERVICES) {
			int port = freePort(chosen);
			ports.add(port);
			peers.add(s + "=" + port);
		}
		int grpc = -1;
		if (options.otelHome() != null) {
			checkOtelHome(options.otelHome());
			state.put("otel", true);
			grpc = freePort(chosen);
			state.put("otlpGrpcPort", grpc);
			if (options.zipkin() != null) {
				throw new IOException("--zipkin is for the light lab: the OTel lab's services export to the workbench only");
			}
		}
		if (options.kafkaLib() != null) {
			if (options.otelHome() != null) {
				throw new IOException("--kafka is for the light lab: the OTel lab's javaagents export over OTLP/gRPC, which the lab's "
						+ "Kafka forwarder does not receive");
			}
			startKafka(options.kafkaLib(), otlp, chosen, state, progress);
		}
		for (int i = 0; i < LabTopology.SERVICES.size(); i++) {
			String s = LabTopology.SERVICES.get(i);
			int control = freePort(chosen);
			String token = UUID.randomUUID().toString();
			int labPort = -1;
			Process p;
			if (options.otelHome() == null) {
				p = java(LabService.class.getName(), dir.resolve(s + ".log"), s, Integer.toString(ports.get(i)),
						Integer.toString(control), token, "http://127.0.0.1:" + otlp + "/v1/traces", String.join(",", peers),
						options.zipkinSpans());
			} else {
				labPort = freePort(chosen);
				p = otelService(options.otelHome(), s, ports.get(i), labPort, control, token, grpc, String.join(",", peers));
			}
			ObjectNode m = services.addObject();
			m.put("name", s);
			m.put("pid", p.pid());
			m.put("port", ports.get(i));
			if (labPort > 0) {
				m.put("labPort", labPort);
			}
			m.put("controlUrl", "http://127.0.0.1:" + control + "/");
			m.put("token", token);
			writeSecret(stateFile(), state); // written as it grows: a failed start can still be stopped
		}
		progress.accept("waiting for " + services.size() + " services to answer");
		for (JsonNode s : services) {
			waitHealthy(s);
		}
		Path warmUp = dir.resolve("warm-up.json");
		Files.deleteIfExists(warmUp);
		Process workload = java(LabWorkload.class.getName(), dir.resolve("workload.log"), Integer.toString(ports.get(0)),
				Double.toString(options.rate()), options.mix(), warmUp.toString());
		state.put("workloadPid", workload.pid());
		state.put("rate", options.rate());
		state.put("mix", options.mix());
		writeSecret(stateFile(), state);
		writeConnection(state);
		if (options.warmUpSeconds() > 0) {
			waitWarm(warmUp, workload, options.warmUpSeconds(), progress);
		}
		return status(state);
	}

	/**
	 * Starts the Kafka process: the broker, and in place of the workbench's receiver on {@code otlp} the forwarder
	 * of every export request to otlp_spans. Waits until the topic exists.
	 */
	private void startKafka(Path lib, int otlp, java.util.Set<Integer> chosen, ObjectNode state, Consumer<String> progress)
			throws IOException {
		if (!Files.isDirectory(lib)) {
			throw new IOException("--kafka: the Kafka process is not built in " + lib + " (run ./pythia build)");
		}
		Path home = dir.resolve("kafka");
		Files.createDirectories(home);
		Path ready = home.resolve("ready");
		Files.deleteIfExists(ready);
		int broker = freePort(chosen);
		List<String> command = List.of(javaCommand(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", lib + "/*",
				"io.pythia.kafka.LabKafka", home.toString(), Integer.toString(broker), Integer.toString(freePort(chosen)),
				Integer.toString(otlp));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("kafka.log").toFile())
				.start();
		ObjectNode kafka = state.putObject("kafka");
		kafka.put("pid", p.pid());
		kafka.put("bootstrap", "127.0.0.1:" + broker);
		kafka.put("topic", "otlp_spans");
		writeSecret(stateFile(), state);
		progress.accept("starting the Kafka broker");
		long deadline = System.currentTimeMillis() + 90_000;
		while (!Files.exists(ready)) {
			checkNotStopped();
			if (!p.isAlive()) {
				throw new IOException("the Kafka process ended while starting; see " + dir.resolve("kafka.log"));
			}
			if (System.currentTimeMillis() > deadline) {
				throw new IOException("the Kafka broker was not up within 90 s; see " + dir.resolve("kafka.log"));
			}
			sleep(100);
		}
	}

	/** The lab's Kafka broker (HOST:PORT) when it was started with one. */
	public java.util.Optional<String> kafkaBootstrap() throws IOException {
		if (!Files.exists(stateFile())) {
			return java.util.Optional.empty();
		}
		JsonNode k = readState().path("kafka");
		return k.isObject() ? java.util.Optional.of(k.get("bootstrap").asText()) : java.util.Optional.empty();
	}

	/** The connection file the workbench and {@code investigate --lab} read: every agent and its token. */
	private void writeConnection(JsonNode state) throws IOException {
		ObjectNode root = JSON.createObjectNode();
		ArrayNode agents = root.putArray("agents");
		for (JsonNode s : state.get("services")) {
			agents.addObject().put("name", s.get("name").asText()).put("url", s.get("controlUrl").asText())
					.put("token", s.get("token").asText());
		}
		root.put("otlpPort", state.get("otlpPort").asInt());
		// the light lab's agents send OTLP/HTTP only: -1, as a file without the port would mean 4317
		root.put("otlpGrpcPort", state.has("otlpGrpcPort") ? state.get("otlpGrpcPort").asInt() : -1);
		if (state.path("kafka").isObject()) {
			// the spans do not come to the workbench's receiver but to this broker (investigate --engine flink)
			root.put("kafka", state.get("kafka").get("bootstrap").asText());
		}
		writeSecret(connectionFile(), root);
	}

	/** Writes a file that holds tokens: created readable by its owner only, replaced whole. */
	static void writeSecret(Path file, JsonNode content) throws IOException {
		Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(tmp);
		try {
			Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		} catch (UnsupportedOperationException e) {
			Files.createFile(tmp); // not a POSIX file system: its own access rules apply
		}
		Files.writeString(tmp, JSON.writeValueAsString(content) + "\n");
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private void checkNotStopped() throws IOException {
		if (Files.exists(stopRequest())) {
			throw new IOException("the start was cut short by 'lab stop'");
		}
	}

	/**
	 * Waits until the workload sees settled response times (see the workload's {@code WarmUp}), at most {@code seconds}: an
	 * investigation started on cold JVMs chases their warm-up instead of the problem.
	 */
	private void waitWarm(Path status, Process workload, int seconds, Consumer<String> progress) throws IOException {
		progress.accept("warming up: the workload runs until response times settle (at most " + seconds + " s)...");
		long deadline = System.currentTimeMillis() + seconds * 1000L;
		String last = null;
		while (System.currentTimeMillis() < deadline) {
			checkNotStopped();
			if (!workload.isAlive()) {
				throw new IOException("the lab's workload exited; see " + dir.resolve("workload.log") + tail(dir.resolve("workload.log")));
			}
			JsonNode s = null;
			try {
				s = Files.exists(status) ? JSON.readTree(Files.readString(status)) : null;
			} catch (IOException e) {
				// replaced as we read it, or not JSON: the next look tells
			}
			if (s != null && s.isObject()) {
				last = s.path("last").asText();
				if (s.path("warm").asBoolean()) {
					progress.accept("warm after " + s.path("seconds").asText() + " s (" + last + ")");
					return;
				}
			}
			sleep(500);
		}
		progress.accept("not warm after " + seconds + " s; starting anyway" + (last == null ? "" : " (" + last + ")"));
	}

	/** The OTel lab's main class, in its own jar (lib/ of the OTel lab's folder). */
	static final String OTEL_SERVICE = "io.pythia.lab.otel.OtelLabService";

	private static void checkOtelHome(Path home) throws IOException {
		for (Path p : List.of(home.resolve("lib"), home.resolve("opentelemetry-javaagent.jar"), home.resolve("pythia-otel-extension.jar"))) {
			if (!Files.exists(p)) {
				throw new IOException("the OTel lab is not built: " + p + " is missing (./pythia build lays it out)");
			}
		}
	}

	/**
	 * A service of the OTel lab: the unmodified javaagent with the Pythia extension, exporting OTLP/gRPC to the
	 * workbench's collector; its steps become spans through methods.include; the JDK HTTP server that switches its
	 * problems is left uninstrumented, so that {@code lab status} makes no traces.
	 */
	private Process otelService(Path home, String service, int port, int labPort, int control, String token, int otlpGrpc,
			String peers) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaCommand());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-XX:+UseSerialGC");
		command.add("-javaagent:" + home.resolve("opentelemetry-javaagent.jar"));
		command.add("-Dotel.javaagent.extensions=" + home.resolve("pythia-otel-extension.jar"));
		command.add("-Dotel.service.name=" + service);
		command.add("-Dotel.exporter.otlp.protocol=grpc");
		command.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + otlpGrpc);
		command.add("-Dotel.bsp.schedule.delay=200");
		command.add("-Dotel.metrics.exporter=none");
		command.add("-Dotel.logs.exporter=none");
		command.add("-Dotel.instrumentation.java-http-server.enabled=false");
		command.add("-Dotel.instrumentation.methods.include=" + LabTopology.otelMethodsInclude());
		command.add("-Dpythia.control.port=" + control);
		command.add("-cp");
		command.add(home.resolve("lib").toAbsolutePath() + "/*");
		command.add(OTEL_SERVICE);
		command.addAll(List.of(service, Integer.toString(port), Integer.toString(labPort), peers));
		ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(service + ".log").toFile());
		b.environment().put("PYTHIA_CONTROL_TOKEN", token); // not on the command line, where ps shows it
		return b.start();
	}

	private static String javaCommand() {
		return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	private Process java(String mainClass, Path log, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaCommand());
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

	private void waitHealthy(JsonNode service) throws IOException {
		// eight JVMs with the javaagent start on two cores in about a minute
		long deadline = System.currentTimeMillis() + 180_000;
		while (System.currentTimeMillis() < deadline) {
			checkNotStopped();
			try {
				if (get(service, "v1/health").statusCode() == 200) {
					return;
				}
			} catch (IOException e) {
				// not up yet
			}
			if (!alive(service.get("pid").asLong())) {
				Path log = dir.resolve(service.get("name").asText() + ".log");
				throw new IOException("lab service " + service.get("name").asText() + " exited; see " + log + tail(log));
			}
			sleep(100);
		}
		throw new IOException("lab service " + service.get("name").asText() + " did not answer within 180 s");
	}

	/** The last lines of a log, to quote in an error ("" when there is none). */
	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return lines.isEmpty() ? "" : ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
		} catch (IOException | RuntimeException e) {
			return "";
		}
	}

	// --- stop ---

	/**
	 * Stops every process the lab started, the workload included; a start under way is cut short first.
	 *
	 * @return how many processes were stopped, or -1 when the lab was not running
	 */
	public int stop() throws IOException {
		Files.createDirectories(dir);
		Files.writeString(stopRequest(), "");
		try {
			return locked(true, () -> {
				if (!Files.exists(stateFile())) {
					return -1;
				}
				int n = stopProcesses(readState());
				Files.delete(stateFile());
				Files.deleteIfExists(connectionFile());
				return n;
			});
		} finally {
			Files.deleteIfExists(stopRequest());
		}
	}

	private static int stopProcesses(JsonNode state) {
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
		return handles.size();
	}

	// --- status and problems ---

	/** How the lab stands: which services run and answer, their tracepoints, the problems. */
	public LabStatus status() throws IOException {
		if (!Files.exists(stateFile())) {
			throw new IOException("the lab is not running (start it: pythia lab start)");
		}
		return status(readState());
	}

	/** Whether the lab runs and every service answers. */
	public boolean running() {
		try {
			return Files.exists(connectionFile()) && started() && status().up();
		} catch (IOException e) {
			return false;
		}
	}

	/** The processes the lab started (services and workload), for tests that check none is left. */
	public List<Long> processes() throws IOException {
		return Files.exists(stateFile()) ? pids(readState()) : List.of();
	}

	private LabStatus status(JsonNode state) {
		List<LabStatus.Service> services = new ArrayList<>();
		List<LabStatus.Problem> problems = new ArrayList<>();
		long tracepoints = 0;
		long enabled = 0;
		for (JsonNode s : state.get("services")) {
			long pid = s.get("pid").asLong();
			boolean alive = alive(pid);
			String error = null;
			if (alive) {
				try {
					for (JsonNode t : parse(get(s, "v1/tracepoints")).path("tracepoints")) {
						tracepoints++;
						enabled += t.path("enabledFor").isEmpty() ? 0 : 1;
					}
					HttpResponse<String> p = send(HttpRequest.newBuilder(labUri(s, "/lab/problems")).timeout(Duration.ofSeconds(3)).build());
					for (JsonNode x : JSON.readTree(p.body()).path("problems")) {
						problems.add(new LabStatus.Problem(x.path("name").asText(), x.path("tracepoint").asText(),
								x.path("active").asBoolean()));
					}
				} catch (IOException e) {
					alive = false;
					error = e.getMessage();
				}
			}
			services.add(new LabStatus.Service(s.get("name").asText(), pid, s.get("controlUrl").asText(), alive, error));
		}
		return new LabStatus(services, tracepoints, enabled, problems, state.get("otlpPort").asInt());
	}

	/**
	 * Switches a problem on.
	 *
	 * @throws IllegalArgumentException when there is no such problem
	 */
	public LabTopology.Problem inject(String name) throws IOException {
		List<LabTopology.Problem> p = LabTopology.PROBLEMS.stream().filter(x -> x.name().equals(name)).toList();
		if (p.isEmpty()) {
			throw new IllegalArgumentException("no problem '" + name + "'; the problems are "
					+ String.join(", ", LabTopology.PROBLEMS.stream().map(LabTopology.Problem::name).toList()));
		}
		locked(true, () -> problem(p, true));
		return p.get(0);
	}

	/** The problem's tracepoint in the running lab: the OTel lab names its spans after its methods. */
	public String tracepoint(LabTopology.Problem problem) throws IOException {
		boolean otel = Files.exists(stateFile()) && readState().path("otel").asBoolean();
		return otel ? LabTopology.otelTracepoint(problem.tracepoint()) : problem.tracepoint();
	}

	/** Switches every problem off. */
	public void clear() throws IOException {
		locked(true, () -> problem(LabTopology.PROBLEMS, false));
	}

	private Void problem(List<LabTopology.Problem> targets, boolean active) throws IOException {
		if (!Files.exists(stateFile())) {
			throw new IOException("the lab is not running (start it: pythia lab start)");
		}
		JsonNode state = readState();
		for (LabTopology.Problem p : targets) {
			JsonNode service = null;
			for (JsonNode s : state.get("services")) {
				if (p.service().equals(s.get("name").asText())) {
					service = s;
				}
			}
			if (service == null) {
				throw new IOException("the lab has no service " + p.service());
			}
			ObjectNode body = JSON.createObjectNode().put("name", p.name()).put("active", active);
			HttpResponse<String> r;
			try {
				r = send(HttpRequest.newBuilder(labUri(service, "/lab/problem")).timeout(Duration.ofSeconds(5))
						.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
			} catch (java.net.ConnectException e) {
				throw new IOException("lab service " + p.service() + " is not answering on port "
						+ service.get("port").asText() + " (is the lab up? pythia lab status)", e);
			}
			if (r.statusCode() != 200) {
				throw new IOException(p.service() + " answered " + r.statusCode() + ": " + r.body().strip());
			}
		}
		return null;
	}

	// --- state and HTTP ---

	private JsonNode readState() throws IOException {
		try {
			JsonNode n = JSON.readTree(Files.readString(stateFile()));
			if (n == null || !n.path("services").isArray() || !n.path("otlpPort").isInt()) {
				throw new IOException(stateFile() + ": unreadable lab state: no services or otlpPort");
			}
			return n;
		} catch (JsonProcessingException e) {
			throw new IOException(stateFile() + ": unreadable lab state: " + e.getOriginalMessage(), e);
		}
	}

	private static List<Long> pids(JsonNode state) {
		List<Long> pids = new ArrayList<>();
		if (state.path("workloadPid").isNumber()) {
			pids.add(state.get("workloadPid").asLong());
		}
		if (state.path("kafka").path("pid").isNumber()) {
			pids.add(state.get("kafka").get("pid").asLong());
		}
		for (JsonNode s : state.get("services")) {
			pids.add(s.get("pid").asLong());
		}
		return pids;
	}

	private static boolean anyAlive(JsonNode state) {
		return pids(state).stream().anyMatch(LabController::alive);
	}

	private static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/** Where a service switches its problems: its own port, or in the OTel lab a second, uninstrumented one. */
	private static URI labUri(JsonNode service, String path) {
		int port = service.has("labPort") ? service.get("labPort").asInt() : service.get("port").asInt();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private HttpResponse<String> get(JsonNode service, String path) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(service.get("controlUrl").asText()).resolve(path))
				.timeout(Duration.ofSeconds(3)).header("Authorization", "Bearer " + service.get("token").asText()).build());
	}

	private static JsonNode parse(HttpResponse<String> r) throws IOException {
		if (r.statusCode() != 200) {
			throw new IOException("answered " + r.statusCode());
		}
		return JSON.readTree(r.body());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted");
		}
	}

	/**
	 * A port free now, below the ephemeral range: the lab's ports are chosen before the services bind them, and a
	 * port of the ephemeral range may meanwhile become the local end of some connection (the start's own health
	 * checks), which then makes a service fail to bind. A port already {@code chosen} for this start is skipped: two
	 * services given one port would have one bind it and answer the other's health checks.
	 */
	static int freePort(java.util.Set<Integer> chosen) throws IOException {
		int below = ephemeralLow();
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 200 && below > 11_000; attempt++) {
			int port = random.nextInt(10_000, below);
			if (chosen.contains(port)) {
				continue;
			}
			try (ServerSocket s = new ServerSocket(port)) {
				chosen.add(port);
				return port;
			} catch (IOException e) {
				// taken: another one
			}
		}
		for (int attempt = 0; attempt < 200; attempt++) {
			try (ServerSocket s = new ServerSocket(0)) {
				if (chosen.add(s.getLocalPort())) {
					return s.getLocalPort();
				}
			}
		}
		throw new IOException("no free port found for the lab");
	}

	/** The low end of the kernel's ephemeral port range (Linux), else the common default. */
	static int ephemeralLow() {
		try {
			// read by lines: readString trusts the size procfs reports, and got one character of it
			return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip().split("\\s+")[0]);
		} catch (IOException | RuntimeException e) {
			return 32_768;
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "lab in %s", dir);
	}
}
