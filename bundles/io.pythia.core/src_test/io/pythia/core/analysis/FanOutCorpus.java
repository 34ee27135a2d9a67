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
 * Requests whose inner nodes fan out concurrently, so which branch ends last, and with it the critical path, varies
 * from request to request: "api:upload" parses, then writes to three replicas at once (each a prepare then a
 * commit), then updates an index that puts to two shards at once. Every span's own time is a base times a lognormal
 * factor; one tracepoint can be given an extra exponential delay.
 */
final class FanOutCorpus {

	static final String INJECTED = "store-2:write.commit";
	private final Random random;
	private final double sigma;
	private final String delayed;
	private final double meanDelayMicros;

	/**
	 * @param sigma           of the lognormal factor on every span's own time
	 * @param delayed         tracepoint given an exponential delay, or null for the clean twin
	 * @param meanDelayMicros mean of that delay
	 */
	FanOutCorpus(long seed, double sigma, String delayed, double meanDelayMicros) {
		this.random = new Random(seed);
		this.sigma = sigma;
		this.delayed = delayed;
		this.meanDelayMicros = meanDelayMicros;
	}

	List<Trace> traces(int count) throws Exception {
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
			throw new AssertionError("generated traces need no repair: " + w);
		});
		List<Trace> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(assembler.assemble("fan-" + i, spans(i * 100_000L)));
		}
		return out;
	}

	private List<SpanInput> spans(long t0) {
		List<SpanInput> spans = new ArrayList<>();
		long parse = own("front:parse", 400);
		long cursor = t0 + 10;
		spans.add(span("parse", "root", cursor, parse, "front:parse"));
		cursor += parse + 10;
		long joined = cursor;
		for (int r = 1; r <= 3; r++) {
			String store = "store-" + r;
			long prepare = own(store + ":write.prepare", 300);
			long commit = own(store + ":write.commit", 500);
			long start = cursor + 5;
			spans.add(span("w" + r, "root", start, prepare + commit + 20, store + ":write"));
			spans.add(span("p" + r, "w" + r, start + 5, prepare, store + ":write.prepare"));
			spans.add(span("c" + r, "w" + r, start + 10 + prepare, commit, store + ":write.commit"));
			joined = Math.max(joined, start + prepare + commit + 20);
		}
		long index = joined + 10;
		long a = own("shard-a:put", 200);
		long b = own("shard-b:put", 200);
		long indexEnd = index + 10 + Math.max(a, b) + 10;
		spans.add(span("idx", "root", index, indexEnd - index, "index:update"));
		spans.add(span("a", "idx", index + 10, a, "shard-a:put"));
		spans.add(span("b", "idx", index + 10, b, "shard-b:put"));
		spans.add(0, span("root", null, t0, indexEnd + 10 - t0, "api:upload"));
		return spans;
	}

	private long own(String tracepoint, double baseMicros) {
		double d = baseMicros * Math.exp(sigma * random.nextGaussian());
		if (tracepoint.equals(delayed)) {
			d += -Math.log(1 - random.nextDouble()) * meanDelayMicros;
		}
		return Math.max(1, Math.round(d));
	}

	private static SpanInput span(String id, String parent, long startMicros, long durationMicros, String tracepoint) {
		String service = tracepoint.substring(0, tracepoint.indexOf(':'));
		String op = tracepoint.substring(tracepoint.indexOf(':') + 1);
		return new SpanInput(id, parent, startMicros * 1000, durationMicros * 1000, tracepoint,
				new Attributes(service, "", op, Map.of()));
	}
}
