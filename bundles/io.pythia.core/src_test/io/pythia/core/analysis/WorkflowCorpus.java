// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/**
 * Generates requests with a known workflow: "api:create" runs "auth", "schedule" and "build" in sequence; "build"
 * runs "image" then "spawn". Every step's own time is a base plus small noise; a test adds extra variance to chosen
 * steps and checks that the localization blames them.
 */
final class WorkflowCorpus {

	/** Steps whose own time a test can perturb; each is the gap before the named event. */
	static final List<String> STEPS = List.of("auth", "schedule", "image", "spawn");

	private final Random random;
	private final double noiseMicros;
	private final Map<String, java.util.function.DoubleSupplier> extra = new java.util.HashMap<>();

	WorkflowCorpus(long seed, double noiseMicros) {
		this.random = new Random(seed);
		this.noiseMicros = noiseMicros;
	}

	/** Adds a random extra time (micros) to the step's own duration. */
	WorkflowCorpus extra(String step, java.util.function.DoubleSupplier micros) {
		extra.put(step, micros);
		return this;
	}

	/** Requests of this corpus skip a step (a second workflow of the same request type). */
	WorkflowCorpus withoutStep(String step) {
		skipped.add(step);
		return this;
	}

	private final java.util.Set<String> skipped = new java.util.HashSet<>();

	Random random() {
		return random;
	}

	List<Trace> traces(int count) throws Exception {
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
			throw new AssertionError("generated traces need no repair: " + w);
		});
		List<Trace> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(assembler.assemble("trace-" + i, spans()));
		}
		return out;
	}

	private List<SpanInput> spans() {
		long t = 0;
		List<SpanInput> spans = new ArrayList<>();
		long auth = duration("auth", 2000);
		long schedule = duration("schedule", 3000);
		long image = duration("image", 5000);
		long spawn = duration("spawn", 8000);
		long authStart = t + 100;
		long scheduleStart = authStart + auth + 100;
		long buildStart = scheduleStart + schedule + 100;
		long imageStart = buildStart + 100;
		long spawnStart = imageStart + image + 100;
		long buildEnd = spawnStart + spawn + 100;
		long end = buildEnd + 100;
		spans.add(span("root", null, t, end, "api", "create"));
		if (!skipped.contains("auth")) {
			spans.add(span("auth", "root", authStart, auth, "keystone", "auth"));
		}
		spans.add(span("schedule", "root", scheduleStart, schedule, "scheduler", "schedule"));
		spans.add(span("build", "root", buildStart, buildEnd - buildStart, "compute", "build"));
		spans.add(span("image", "build", imageStart, image, "glance", "image"));
		spans.add(span("spawn", "build", spawnStart, spawn, "compute", "spawn"));
		return spans;
	}

	private long duration(String step, double baseMicros) {
		double d = baseMicros + random.nextGaussian() * noiseMicros;
		var e = extra.get(step);
		if (e != null) {
			d += e.getAsDouble();
		}
		return Math.max(1, Math.round(d));
	}

	private static SpanInput span(String id, String parent, long startMicros, long durationMicros, String service,
			String op) {
		return new SpanInput(id, parent, startMicros * 1000, durationMicros * 1000, service + ":" + op,
				new Attributes(service, "", op, Map.of()));
	}
}
