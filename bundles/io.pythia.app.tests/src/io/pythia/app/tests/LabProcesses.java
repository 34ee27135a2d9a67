// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.pythia.agent.Agent;
import io.pythia.control.AgentEndpoint;
import io.pythia.core.trace.Trace;
import io.pythia.lab.LabService;
import io.pythia.lab.LabTopology;
import io.pythia.lab.LabWorkload;

/**
 * The lab's eight services and its workload as real JVM processes, started the way {@code pythia lab start} starts
 * them, from the lab, agent and core bundles of the test runtime. Test code: the product's lab command is the CLI's.
 */
final class LabProcesses implements AutoCloseable {

	private final List<Process> processes = new ArrayList<>();
	private final Map<String, Integer> ports = new LinkedHashMap<>();
	private final List<AgentEndpoint> agents = new ArrayList<>();
	private final int otlpPort;

	LabProcesses(Path logs, double rate) throws IOException {
		otlpPort = freePort();
		String classpath = String.join(File.pathSeparator, location(LabService.class), location(Agent.class), location(Trace.class));
		Map<String, Integer> controls = new LinkedHashMap<>();
		for (String s : LabTopology.SERVICES) {
			ports.put(s, freePort());
			controls.put(s, freePort());
		}
		String peers = String.join(",", ports.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
		try {
			for (String s : LabTopology.SERVICES) {
				String token = UUID.randomUUID().toString();
				processes.add(java(classpath, logs.resolve(s + ".log"), LabService.class.getName(), s, ports.get(s).toString(),
						controls.get(s).toString(), token, "http://127.0.0.1:" + otlpPort + "/v1/traces", peers));
				agents.add(new AgentEndpoint(s, URI.create("http://127.0.0.1:" + controls.get(s) + "/"), token));
			}
			HttpClient http = HttpClient.newHttpClient();
			for (AgentEndpoint a : agents) {
				waitHealthy(http, a);
			}
			processes.add(java(classpath, logs.resolve("workload.log"), LabWorkload.class.getName(),
					ports.get("gateway").toString(), Double.toString(rate), "create_server=4,delete_server=2,create_volume=2,list_images=2"));
		} catch (IOException | RuntimeException e) {
			close();
			throw e;
		}
	}

	AgentEndpoint.Connection connection() {
		return new AgentEndpoint.Connection(agents, otlpPort);
	}

	/** Switches a problem on, as {@code pythia lab inject NAME} does. */
	void inject(String problem) throws IOException, InterruptedException {
		LabTopology.Problem p = LabTopology.PROBLEMS.stream().filter(x -> x.name().equals(problem)).findFirst().orElseThrow();
		HttpResponse<String> r = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(p.service()) + "/lab/problem"))
						.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + problem + "\",\"active\":true}")).build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IOException("inject " + problem + ": HTTP " + r.statusCode() + " " + r.body());
		}
	}

	/** Processes still alive. */
	long alive() {
		return processes.stream().filter(Process::isAlive).count();
	}

	@Override
	public void close() {
		for (Process p : processes) {
			p.destroyForcibly();
		}
		for (Process p : processes) {
			try {
				p.waitFor();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void waitHealthy(HttpClient http, AgentEndpoint a) throws IOException {
		long deadline = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < deadline) {
			try {
				HttpResponse<String> r = http.send(HttpRequest.newBuilder(a.url().resolve("v1/health"))
						.header("Authorization", "Bearer " + a.token()).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200) {
					return;
				}
			} catch (IOException e) {
				// not up yet
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted");
			}
			try {
				Thread.sleep(200);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted");
			}
		}
		throw new IOException("lab service " + a.name() + " did not become healthy within 60 s");
	}

	private Process java(String classpath, Path log, String main, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", classpath, main));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** Where a bundle's classes are in the test runtime: its jar or its build output folder. */
	private static String location(Class<?> type) throws IOException {
		Bundle b = FrameworkUtil.getBundle(type);
		File f = FileLocator.getBundleFileLocation(b).orElseThrow(() -> new IOException("no location for " + b));
		File classes = new File(f, "target/classes");
		if (f.isDirectory() && classes.isDirectory()) {
			return classes.getPath();
		}
		if (f.isDirectory() && new File(f, "bin").isDirectory()) {
			return new File(f, "bin").getPath();
		}
		return f.getPath();
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
