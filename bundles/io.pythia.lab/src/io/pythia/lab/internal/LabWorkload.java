// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;

import io.pythia.agent.internal.JsonCodec;

/**
 * An open-loop workload for the lab: requests arrive at the gateway at a given rate (Poisson arrivals) whatever the
 * system's speed, in a given mix. {@code LabWorkload GATEWAY_PORT RATE_PER_SECOND MIX [STATUS_FILE]}, MIX like
 * "create_server=4,delete_server=2,create_volume=2,list_images=2", and optionally a STATUS_FILE where it keeps
 * whether the lab has warmed up ({@link WarmUp}). Every five seconds it logs the median response time per type.
 */
public final class LabWorkload {

	private LabWorkload() {
	}

	/** The warm-up status the lab's start command waits for: {"warm": bool, "seconds": n, "last": line}. */
	private static void writeStatus(Path file, WarmUp warmUp, String line) throws IOException {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("warm", warmUp.warm());
		status.put("seconds", warmUp.seconds());
		status.put("last", line);
		Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(tmp, JsonCodec.write(status));
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		double rate = Double.parseDouble(args[1]);
		List<String> bag = new ArrayList<>();
		for (String entry : args[2].split(",")) {
			String[] kv = entry.split("=");
			for (int i = 0; i < Integer.parseInt(kv[1]); i++) {
				bag.add(kv[0]);
			}
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Semaphore inFlight = new Semaphore(256); // beyond this, arrivals are shed rather than queued without bound
		Random random = new Random();
		System.out.println("lab workload: " + rate + " requests/s to port " + port + ", mix " + args[2]);
		Path statusFile = args.length > 3 ? Path.of(args[3]) : null;
		WarmUp warmUp = new WarmUp();
		long nextReport = System.nanoTime() + WarmUp.WINDOW_NANOS;
		while (true) {
			Thread.sleep((long) (-Math.log(1 - random.nextDouble()) * 1000 / rate));
			if (System.nanoTime() >= nextReport) {
				nextReport += WarmUp.WINDOW_NANOS;
				String line = warmUp.closeWindow();
				System.out.println(line);
				if (statusFile != null) {
					try {
						writeStatus(statusFile, warmUp, line);
					} catch (IOException e) { // the workload goes on: only the start command's wait is affected
						System.out.println("cannot write " + statusFile + ": " + e);
					}
				}
			}
			if (!inFlight.tryAcquire()) {
				continue;
			}
			String type = bag.get(random.nextInt(bag.size()));
			long sent = System.nanoTime();
			http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/op/" + type))
					.timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
						inFlight.release();
						if (e == null && r.statusCode() < 400) {
							warmUp.record(type, System.nanoTime() - sent);
						}
					});
		}
	}
}
