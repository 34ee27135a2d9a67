// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Flink session cluster of {@code ./pythia flink start|stop|status}: a JobManager and two TaskManagers, each
 * its own JVM on loopback, started from the Flink jars on a class path (flink-dist is not on Maven Central; its entry
 * points are in flink-runtime). Its folder holds the configuration, the logs, each process's pid and the REST port;
 * the processes outlive the command that started them, and {@link #stop} ends them.
 */
public final class FlinkCluster {

	/** What Flink's own launch scripts open to its runtime on Java 17 and later. */
	public static final List<String> JAVA_OPENS = List.of("java.lang", "java.util", "java.net", "java.io", "java.nio",
			"sun.nio.ch", "java.lang.reflect", "java.text", "java.time", "java.util.concurrent",
			"java.util.concurrent.atomic", "java.util.concurrent.locks").stream()
			.map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();

	private static final List<String> PROCESSES = List.of("jobmanager", "taskmanager-1", "taskmanager-2");
	private static final Pattern SLOTS = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");

	private final Path dir;

	public FlinkCluster(Path dir) {
		this.dir = dir;
	}

	/** The JobManager's REST address (127.0.0.1:PORT) when the cluster runs. */
	public Optional<String> address() throws IOException {
		Path port = dir.resolve("rest.port");
		if (!Files.exists(port) || live().isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("127.0.0.1:" + Files.readString(port).strip());
	}

	/**
	 * Starts the three processes and waits until the JobManager counts both TaskManagers' slots.
	 *
	 * @param classPath the Flink runtime's and the job's jars
	 * @return the REST address
	 * @throws IOException when a process ends while starting or the cluster is not up in time (all are ended)
	 */
	public String start(String java, String classPath, Duration timeout) throws IOException, InterruptedException {
		Optional<String> running = address();
		if (running.isPresent()) {
			return running.get();
		}
		stop(); // what a crashed start left
		Files.createDirectories(dir.resolve("conf"));
		Files.createDirectories(dir.resolve("log"));
		int rest = freePort();
		Files.writeString(dir.resolve("conf/config.yaml"), String.join("\n",
				"jobmanager.rpc.address: 127.0.0.1",
				"jobmanager.rpc.port: " + freePort(),
				"jobmanager.bind-host: 127.0.0.1",
				"jobmanager.memory.process.size: 768m",
				"rest.address: 127.0.0.1",
				"rest.bind-address: 127.0.0.1",
				"rest.port: " + rest,
				"taskmanager.host: 127.0.0.1",
				"taskmanager.bind-host: 127.0.0.1",
				"taskmanager.numberOfTaskSlots: 1",
				"parallelism.default: 2",
				// the Kafka connector is on this cluster's class path (org.apache.flink.*: loaded parent-first): the
				// Kafka client that a job ships too must come from the same loader, or its reporters fail to cast
				"classloader.parent-first-patterns.additional: [\"org.apache.kafka.\"]",
				// what Flink's launch scripts would work out and pass: a TaskManager started from its class needs them
				"taskmanager.cpu.cores: 1",
				"taskmanager.memory.framework.heap.size: 128m",
				"taskmanager.memory.task.heap.size: 320m",
				"taskmanager.memory.framework.off-heap.size: 128m",
				"taskmanager.memory.task.off-heap.size: 0m",
				"taskmanager.memory.network.min: 64m",
				"taskmanager.memory.network.max: 64m",
				"taskmanager.memory.managed.size: 64m",
				"taskmanager.memory.jvm-metaspace.size: 128m",
				"taskmanager.memory.jvm-overhead.min: 128m",
				"taskmanager.memory.jvm-overhead.max: 128m", ""));
		Files.writeString(dir.resolve("conf/log4j2.properties"), String.join("\n",
				"rootLogger.level = INFO",
				"rootLogger.appenderRef.file.ref = file",
				"appender.file.type = File",
				"appender.file.name = file",
				"appender.file.fileName = ${sys:log.file}",
				"appender.file.layout.type = PatternLayout",
				"appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n", ""));
		for (String name : PROCESSES) {
			List<String> command = new ArrayList<>(List.of(java));
			command.addAll(JAVA_OPENS);
			command.addAll(List.of("-Xmx512m", "-Dlog.file=" + dir.resolve("log/" + name + ".log"),
					"-Dlog4j.configurationFile=" + dir.resolve("conf/log4j2.properties"), "-cp", classPath,
					name.equals("jobmanager") ? "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"
							: "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
					"--configDir", dir.resolve("conf").toString()));
			Path out = dir.resolve("log/" + name + ".out");
			Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
			Files.writeString(dir.resolve(name + ".pid"), p.pid() + "\n");
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long end = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < end) {
			if (live().size() < PROCESSES.size()) {
				stop();
				throw new IOException("a Flink process ended while starting; see " + dir.resolve("log"));
			}
			try {
				String overview = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + "/overview"))
						.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
				Matcher m = SLOTS.matcher(overview);
				if (m.find() && Integer.parseInt(m.group(1)) >= 2) {
					Files.writeString(dir.resolve("rest.port"), rest + "\n");
					return "127.0.0.1:" + rest;
				}
			} catch (IOException e) {
				// not listening yet
			}
			Thread.sleep(300);
		}
		stop();
		throw new IOException("the Flink cluster did not come up within " + timeout.toSeconds() + " s; see "
				+ dir.resolve("log"));
	}

	/** Ends the cluster's processes (politely, then by force after 10 s); returns how many there were. */
	public int stop() throws IOException, InterruptedException {
		List<ProcessHandle> live = live();
		live.forEach(ProcessHandle::destroy);
		long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		for (ProcessHandle p : live) {
			while (p.isAlive() && System.nanoTime() < end) {
				Thread.sleep(100);
			}
			if (p.isAlive()) {
				p.destroyForcibly();
			}
		}
		for (String name : PROCESSES) {
			Files.deleteIfExists(dir.resolve(name + ".pid"));
		}
		Files.deleteIfExists(dir.resolve("rest.port"));
		return live.size();
	}

	/** The cluster's processes still alive (a pid reused by a program other than a JVM is not taken for one). */
	public List<ProcessHandle> live() throws IOException {
		List<ProcessHandle> live = new ArrayList<>();
		for (String name : PROCESSES) {
			Path pid = dir.resolve(name + ".pid");
			if (!Files.exists(pid)) {
				continue;
			}
			ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
					.filter(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("java")).orElse(true))
					.ifPresent(live::add);
		}
		return live;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	/** {@code FlinkCluster DIR start|stop|status}: what {@code ./pythia flink} runs (class path: the Flink jars). */
	public static void main(String[] args) throws Exception {
		if (args.length != 2 || !List.of("start", "stop", "status").contains(args[1])) {
			System.err.println("pythia: flink start|stop|status");
			System.exit(2);
		}
		FlinkCluster cluster = new FlinkCluster(Path.of(args[0]));
		switch (args[1]) {
		case "start" -> {
			boolean was = cluster.address().isPresent();
			try {
				String at = cluster.start(ProcessHandle.current().info().command().orElse("java"),
						System.getProperty("java.class.path"), Duration.ofSeconds(90));
				System.out.println((was ? "the Flink cluster already runs: " : "Flink cluster up: ") + "JobManager REST on "
						+ at + ", 2 TaskManagers; logs in " + cluster.dir.resolve("log"));
			} catch (IOException e) {
				System.err.println("pythia: " + e.getMessage());
				System.exit(1);
			}
		}
		case "stop" -> {
			int n = cluster.stop();
			System.out.println(n == 0 ? "no Flink cluster runs" : "Flink cluster stopped (" + n + " processes)");
		}
		default -> {
			Optional<String> at = cluster.address();
			if (at.isEmpty()) {
				System.out.println("no Flink cluster runs");
				System.exit(3);
			}
			System.out.println("Flink cluster: JobManager REST on " + at.get() + ", processes "
					+ cluster.live().stream().map(p -> Long.toString(p.pid())).toList());
		}
		}
	}
}
