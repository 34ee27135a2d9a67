// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * An open-loop workload for the lab: requests arrive at the gateway at a given rate (Poisson arrivals) whatever the
 * system's speed, in a given mix. {@code LabWorkload GATEWAY_PORT RATE_PER_SECOND MIX}, MIX like
 * "create_server=4,delete_server=2,create_volume=2,list_images=2".
 */
public final class LabWorkload {

	private LabWorkload() {
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
		while (true) {
			Thread.sleep((long) (-Math.log(1 - random.nextDouble()) * 1000 / rate));
			if (!inFlight.tryAcquire()) {
				continue;
			}
			String type = bag.get(random.nextInt(bag.size()));
			http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/op/" + type))
					.timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release());
		}
	}
}
