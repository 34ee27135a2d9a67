// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

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
 * Fully instrumented requests of three types: the API root calls four services one after another; inside each
 * service, a call runs four steps, each running four sub-steps (85 spans a request). One sub-step of one type can
 * be given a heavy-tailed delay: the ground truth a search must find.
 */
final class LayeredCorpus {

	static final List<String> TYPES = List.of("create", "delete", "list");
	private final Random random;
	/** Delayed tracepoints as "type/tracepoint", with the mean of each one's exponential delay in µs. */
	private final Map<String, Double> delayed;

	/** @param delayedTracepoint e.g. "svc3:create.call3.step2.sub3", or null for no problem */
	LayeredCorpus(long seed, String delayedType, String delayedTracepoint) {
		this(seed, delayedType, delayedTracepoint, 2000);
	}

	/** @param meanDelayMicros the mean of the exponential delay (its standard deviation too) */
	LayeredCorpus(long seed, String delayedType, String delayedTracepoint, double meanDelayMicros) {
		this(seed, delayedTracepoint == null ? Map.of() : Map.of(delayedType + "/" + delayedTracepoint, meanDelayMicros));
	}

	/** Several problems at once: each "type/tracepoint" gets its own exponential delay of the given mean. */
	LayeredCorpus(long seed, java.util.Set<String> delayed, double meanDelayMicros) {
		this(seed, delayed.stream().collect(java.util.stream.Collectors.toMap(d -> d, d -> meanDelayMicros)));
	}

	/** Several problems at once, each "type/tracepoint" with the mean of its own exponential delay (µs). */
	LayeredCorpus(long seed, Map<String, Double> delays) {
		this.random = new Random(seed);
		this.delayed = Map.copyOf(delays);
	}

	private boolean steady;

	/** The delay is its mean every time: slow, but steady. */
	LayeredCorpus steady() {
		steady = true;
		return this;
	}

	List<Trace> traces(int perType) throws Exception {
		return traces(perType, "");
	}

	/** @param idPrefix put before each trace's id, so that corpora of several seeds are other requests */
	List<Trace> traces(int perType, String idPrefix) throws Exception {
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
			throw new AssertionError(w.toString());
		});
		List<Trace> out = new ArrayList<>();
		for (int i = 0; i < perType; i++) {
			for (String type : TYPES) {
				out.add(assembler.assemble(idPrefix + type + "-" + i, spans(type, i)));
			}
		}
		return out;
	}

	private List<SpanInput> spans(String type, int n) {
		List<SpanInput> spans = new ArrayList<>();
		long t = n * 1_000_000L;
		int root = add(spans, null, "api", type, t);
		long cursor = t + 20;
		for (int c = 1; c <= 4; c++) {
			String service = "svc" + c;
			String call = type + ".call" + c;
			int callSpan = add(spans, root, service, call, cursor);
			long inner = cursor + 10;
			for (int s = 1; s <= 4; s++) {
				String step = call + ".step" + s;
				int stepSpan = add(spans, callSpan, service, step, inner);
				long sub = inner + 5;
				for (int u = 1; u <= 4; u++) {
					String name = step + ".sub" + u;
					long d = Math.round((100 + 37 * ((c * 16 + s * 4 + u) % 7)) * (1 + 0.02 * random.nextGaussian()));
					Double meanDelayMicros = delayed.get(type + "/" + service + ":" + name);
					if (meanDelayMicros != null) {
						d += steady ? Math.round(meanDelayMicros) : Math.round(-Math.log(1 - random.nextDouble()) * meanDelayMicros);
					}
					int subSpan = add(spans, stepSpan, service, name, sub);
					end(spans, subSpan, sub + Math.max(1, d));
					sub += Math.max(1, d) + 5;
				}
				end(spans, stepSpan, sub + 5);
				inner = sub + 10;
			}
			end(spans, callSpan, inner + 10);
			cursor = inner + 30;
		}
		end(spans, root, cursor + 20);
		return spans;
	}

	private int add(List<SpanInput> spans, Integer parent, String service, String op, long startMicros) {
		spans.add(new SpanInput("s" + spans.size(), parent == null ? null : "s" + parent, startMicros * 1000, 0,
				service + ":" + op, new Attributes(service, "", op, Map.of())));
		return spans.size() - 1;
	}

	private static void end(List<SpanInput> spans, int index, long endMicros) {
		SpanInput s = spans.get(index);
		spans.set(index, new SpanInput(s.id(), s.parentId(), s.startNanos(), endMicros * 1000 - s.startNanos(),
				s.tracepoint(), s.attributes()));
	}
}
