// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.otel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import io.pythia.lab.LabTopology;

/**
 * One request's run of an operation: three steps of three sub-steps, as in the light lab, with the same pauses,
 * the same problems at the same places and the same downstream calls from execute.work. It holds no tracing
 * code: the javaagent makes a span of each step method (see {@link LabTopology#otelMethodsInclude()}), of each
 * call (the JDK HTTP client) and of each write (JDBC).
 */
public abstract class Operation {

	private final OtelLabService service;
	private final String operation;
	private final int roundRobin;

	protected Operation(OtelLabService service, String operation) {
		this.service = service;
		this.operation = operation;
		this.roundRobin = service.nextRoundRobin();
	}

	public abstract void prepare();

	public abstract void execute();

	public abstract void finish();

	/** The whole operation, inside the server span of its request. */
	public final void run() {
		prepare();
		execute();
		finish();
	}

	protected final void substep(String step, String sub) {
		String tracepoint = service.name() + ":" + operation + "." + step + "." + sub;
		double base = 1.5 + Math.floorMod(tracepoint.hashCode(), 7) * 0.5;
		Problems p = service.problems();
		if (p.strikes("slow-replica", tracepoint, 0.35)) {
			base += 20 + p.random() * 100;
		}
		if (p.strikes("slow-third-party", tracepoint, 0.4)) {
			base += 50;
		}
		if (p.strikes("random-sleeps", tracepoint, 0.3)) {
			base += p.random() * 60;
		}
		if (p.active("low-concurrency", tracepoint)) {
			p.withBuildPermit(base + 60);
			return;
		}
		if (p.active("lock-contention", tracepoint)) {
			p.withGlobalLock(base + 60);
			return;
		}
		Problems.pause(base);
		if (step.equals("execute") && sub.equals("work")) {
			if (operation.equals("write") || operation.equals("allocate")) {
				service.store().write(operation, tracepoint);
			}
			for (List<String> group : LabTopology.calls(service.name(), operation, roundRobin)) {
				List<Future<?>> running = new ArrayList<>();
				for (String call : group) {
					running.add(service.fanOut().submit(() -> service.call(call)));
				}
				for (Future<?> f : running) {
					try {
						f.get();
					} catch (Exception e) {
						throw new IllegalStateException("call failed: " + e, e);
					}
				}
			}
		}
	}
}
