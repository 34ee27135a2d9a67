// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.otel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

import io.pythia.lab.LabTopology;

/** The problems of one service, switched on and off at runtime, and what they contend for. */
final class Problems {

	private final String service;
	private final Map<String, Boolean> active = new ConcurrentHashMap<>();
	private final Semaphore buildPermits = new Semaphore(1);
	private final ReentrantLock globalLock = new ReentrantLock();
	private final Random random = new Random();

	Problems(String service) {
		this.service = service;
	}

	/** Whether the problem is on and lives at this (light lab) tracepoint. */
	boolean active(String problem, String tracepoint) {
		return active.getOrDefault(problem, false) && LabTopology.PROBLEMS.stream()
				.anyMatch(p -> p.name().equals(problem) && p.tracepoint().equals(tracepoint));
	}

	/** Whether it is on here and strikes this request, with the given probability. */
	boolean strikes(String problem, String tracepoint, double probability) {
		return active(problem, tracepoint) && random() < probability;
	}

	synchronized double random() {
		return random.nextDouble();
	}

	void withBuildPermit(double millis) {
		buildPermits.acquireUninterruptibly();
		try {
			pause(millis);
		} finally {
			buildPermits.release();
		}
	}

	void withGlobalLock(double millis) {
		globalLock.lock();
		try {
			pause(millis);
		} finally {
			globalLock.unlock();
		}
	}

	/** @return false if this service has no such problem */
	boolean set(String problem, boolean on) {
		if (LabTopology.PROBLEMS.stream().noneMatch(p -> p.name().equals(problem) && p.service().equals(service))) {
			return false;
		}
		active.put(problem, on);
		return true;
	}

	/** This service's problems, each with the tracepoint the OTel lab gives it, for {@code lab status}. */
	List<Map<String, Object>> list() {
		List<Map<String, Object>> out = new ArrayList<>();
		for (LabTopology.Problem p : LabTopology.PROBLEMS) {
			if (p.service().equals(service)) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("name", p.name());
				m.put("tracepoint", LabTopology.otelTracepoint(p.tracepoint()));
				m.put("active", active.getOrDefault(p.name(), false));
				out.add(m);
			}
		}
		return out;
	}

	static void pause(double millis) {
		try {
			long ms = (long) millis;
			Thread.sleep(ms, (int) ((millis - ms) * 1_000_000));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
