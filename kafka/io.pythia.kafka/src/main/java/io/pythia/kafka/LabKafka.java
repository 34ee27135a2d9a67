// SPDX-License-Identifier: EPL-2.0
package io.pythia.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The lab's Kafka process: a single-node KRaft broker (broker and controller in one), with the lab's OTLP forwarder
 * ({@link OtlpForwarder}) beside it. Started by {@code pythia lab start --kafka} and ended by {@code lab stop}; its
 * folder holds the broker's configuration and data (formatted afresh at every start: the lab's spans are not worth
 * keeping) and, once the topic exists, the file {@code ready} with the broker's address.
 * <p>
 * Usage: {@code LabKafka DIR BROKER_PORT CONTROLLER_PORT OTLP_PORT}
 */
public final class LabKafka {

	/** Partitions of the spans topic: one per TaskManager of the local Flink cluster. */
	public static final int PARTITIONS = 2;

	private LabKafka() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 4) {
			System.err.println("usage: LabKafka DIR BROKER_PORT CONTROLLER_PORT OTLP_PORT");
			System.exit(2);
		}
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the broker's INFO is thousands of lines
		}
		Path dir = Path.of(args[0]).toAbsolutePath();
		int broker = Integer.parseInt(args[1]);
		int controller = Integer.parseInt(args[2]);
		int otlp = Integer.parseInt(args[3]);
		String bootstrap = "127.0.0.1:" + broker;
		Files.createDirectories(dir);
		Files.deleteIfExists(dir.resolve("ready"));
		Path data = dir.resolve("data");
		deleteTree(data);
		Path config = dir.resolve("server.properties");
		Files.writeString(config, String.join("\n",
				"process.roles=broker,controller",
				"node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + controller,
				"listeners=PLAINTEXT://127.0.0.1:" + broker + ",CONTROLLER://127.0.0.1:" + controller,
				"advertised.listeners=PLAINTEXT://" + bootstrap,
				"controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"log.dirs=" + data,
				"num.partitions=" + PARTITIONS,
				"offsets.topic.replication.factor=1",
				"offsets.topic.num.partitions=4",
				"transaction.state.log.replication.factor=1",
				"transaction.state.log.min.isr=1",
				"share.coordinator.state.topic.replication.factor=1",
				"group.initial.rebalance.delay.ms=0",
				"log.retention.minutes=30") + "\n");
		format(config);
		OtlpForwarder forwarder = new OtlpForwarder(otlp, bootstrap, OtlpForwarder.TOPIC);
		Runtime.getRuntime().addShutdownHook(new Thread(forwarder::close, "otlp-forwarder-stop"));
		Thread topics = new Thread(() -> createTopicsThenReady(bootstrap, dir), "lab-kafka-topics");
		topics.setDaemon(true);
		topics.start();
		// runs the broker until the process is told to end (its shutdown hook stops it)
		kafka.Kafka.main(new String[] { config.toString() });
	}

	/** Formats the broker's storage, in a JVM of its own: the storage tool ends its process when done. */
	private static void format(Path config) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("kafka.tools.StorageTool");
		command.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
		Process p = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(config.resolveSibling("format.log").toFile()).start();
		if (!p.waitFor(60, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException("formatting the broker's storage took over 60 s (" + config.resolveSibling("format.log") + ")");
		}
		if (p.exitValue() != 0) {
			throw new IOException("formatting the broker's storage failed: " + Files.readString(config.resolveSibling("format.log")));
		}
	}

	private static void createTopicsThenReady(String bootstrap, Path dir) {
		Properties p = new Properties();
		p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		try (Admin admin = Admin.create(p)) {
			for (int attempt = 0;; attempt++) {
				try {
					admin.createTopics(List.of(new NewTopic(OtlpForwarder.TOPIC, PARTITIONS, (short) 1)
							.configs(Map.of("retention.ms", Long.toString(TimeUnit.MINUTES.toMillis(30))))))
							.all().get(10, TimeUnit.SECONDS);
					break;
				} catch (ExecutionException e) {
					if (e.getCause() instanceof TopicExistsException) {
						break;
					}
					if (attempt > 30) {
						throw e;
					}
					Thread.sleep(500);
				}
			}
			Path tmp = dir.resolve("ready.tmp");
			Files.writeString(tmp, bootstrap + "\n");
			Files.move(tmp, dir.resolve("ready"), StandardCopyOption.ATOMIC_MOVE);
		} catch (Exception e) {
			System.err.println("cannot create the topic " + OtlpForwarder.TOPIC + ": " + e);
			Runtime.getRuntime().halt(1);
		}
	}

	private static void deleteTree(Path p) throws IOException {
		if (!Files.exists(p)) {
			return;
		}
		try (var walk = Files.walk(p)) {
			for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(q);
			}
		}
	}
}
