// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab;

import java.util.List;
import java.util.Map;

/**
 * The lab system's shape, a small cloud: an API gateway, a scheduler, two compute nodes, three storage replicas and
 * an image service; four request types. Every operation runs three steps of three sub-steps (13 tracepoints); calls
 * to other services happen in "execute.work", several replicas at once (fan-out); server creation notifies
 * asynchronously after answering.
 */
public final class LabTopology {

	public static final List<String> SERVICES = List.of("gateway", "scheduler", "compute-1", "compute-2", "storage-1",
			"storage-2", "storage-3", "image");
	public static final List<String> REQUEST_TYPES = List.of("create_server", "delete_server", "create_volume",
			"list_images");
	public static final List<String> STEPS = List.of("prepare", "execute", "finish");
	public static final List<String> SUBSTEPS = List.of("check", "work", "record");

	/** Operations per service. */
	public static final Map<String, List<String>> OPERATIONS = Map.of("gateway", REQUEST_TYPES, "scheduler",
			List.of("schedule", "place"), "compute-1", List.of("build", "destroy"), "compute-2", List.of("build", "destroy"),
			"storage-1", List.of("write", "delete", "allocate"), "storage-2", List.of("write", "delete", "allocate"),
			"storage-3", List.of("write", "delete", "allocate"), "image", List.of("fetch", "list"));

	/**
	 * A problem that can be switched on at runtime; it touches one deep tracepoint.
	 *
	 * @param name       what to call it by
	 * @param service    the service it lives in
	 * @param tracepoint the tracepoint it touches (service:operation)
	 * @param what       what it does
	 */
	public record Problem(String name, String service, String tracepoint, String what) {
	}

	public static final List<Problem> PROBLEMS = List.of(
			new Problem("slow-replica", "storage-2", "storage-2:write.execute.work", "one storage replica stalls 20-120 ms on 35% of its writes"),
			new Problem("low-concurrency", "compute-1", "compute-1:build.execute.check",
					"builds on compute-1 hold a single permit for 60 ms, like Nova's max_concurrent_builds = 1"),
			new Problem("random-sleeps", "scheduler", "scheduler:schedule.prepare.work",
					"a code path that sleeps 0-60 ms on 30% of the requests"),
			new Problem("slow-third-party", "image", "image:fetch.execute.record",
					"the image service's remote store answers 50 ms late on 40% of the fetches"),
			new Problem("lock-contention", "gateway", "gateway:create_volume.prepare.check",
					"volume creation takes a global lock and holds it 60 ms"));

	private LabTopology() {
	}

	/** Downstream calls an operation makes from its execute.work step: each inner list runs in parallel. */
	public static List<List<String>> calls(String service, String operation, int roundRobin) {
		String compute = "compute-" + (1 + Math.floorMod(roundRobin, 2));
		List<String> replicas = List.of("storage-1", "storage-2", "storage-3");
		return switch (service + "/" + operation) {
		case "gateway/create_server" -> List.of(List.of("scheduler/schedule"), List.of(compute + "/build"));
		case "gateway/delete_server" -> List.of(List.of(compute + "/destroy"));
		case "gateway/create_volume" -> List.of(List.of("scheduler/place"), replicas.stream().map(r -> r + "/allocate").toList());
		case "gateway/list_images" -> List.of(List.of("image/list"));
		case "compute-1/build", "compute-2/build" -> List.of(List.of("image/fetch"), replicas.stream().map(r -> r + "/write").toList());
		case "compute-1/destroy", "compute-2/destroy" -> List.of(replicas.stream().map(r -> r + "/delete").toList());
		default -> List.of();
		};
	}

	// --- the same lab under the OpenTelemetry javaagent (pythia lab start --otel) ---

	/** Where the OTel lab's operation classes live: one class per operation, one method per step and sub-step. */
	public static final String OTEL_OPERATIONS_PACKAGE = "io.pythia.lab.otel.ops";

	/** An operation's class name in the OTel lab: create_server is CreateServer. */
	public static String otelClass(String operation) {
		StringBuilder b = new StringBuilder();
		for (String part : operation.split("_")) {
			b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return b.toString();
	}

	/** A step's or sub-step's method name in the OTel lab: execute.work is executeWork. */
	public static String otelMethod(String step, String substep) {
		return substep == null ? step : step + Character.toUpperCase(substep.charAt(0)) + substep.substring(1);
	}

	/**
	 * The light lab's tracepoint as the OTel lab names it: storage-2:write.execute.work is
	 * storage-2:Write.executeWork, the span the javaagent makes for that method.
	 */
	public static String otelTracepoint(String tracepoint) {
		int colon = tracepoint.indexOf(':');
		String[] parts = tracepoint.substring(colon + 1).split("\\.");
		String method = parts.length == 1 ? "run" : otelMethod(parts[1], parts.length > 2 ? parts[2] : null);
		return tracepoint.substring(0, colon + 1) + otelClass(parts[0]) + "." + method;
	}

	/** The javaagent's {@code otel.instrumentation.methods.include}: every step and sub-step of every operation. */
	public static String otelMethodsInclude() {
		List<String> methods = new java.util.ArrayList<>();
		for (String step : STEPS) {
			methods.add(otelMethod(step, null));
			for (String sub : SUBSTEPS) {
				methods.add(otelMethod(step, sub));
			}
		}
		return OPERATIONS.values().stream().flatMap(List::stream).distinct().sorted()
				.map(op -> OTEL_OPERATIONS_PACKAGE + "." + otelClass(op) + "[" + String.join(",", methods) + "]")
				.collect(java.util.stream.Collectors.joining(";"));
	}

	/** The services' ports as a service process gets them: "name=port,name=port,...". */
	public static Map<String, Integer> peers(String spec) {
		Map<String, Integer> peers = new java.util.HashMap<>();
		for (String p : spec.split(",")) {
			String[] kv = p.split("=");
			peers.put(kv[0], Integer.parseInt(kv[1]));
		}
		return peers;
	}

	/** Number of tracepoints of the whole lab. */
	public static int tracepointCount() {
		return OPERATIONS.values().stream().mapToInt(List::size).sum() * (1 + STEPS.size() * (1 + SUBSTEPS.size()));
	}
}
