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
 * A system that varies everywhere: "api:create" calls four services one after another, each call runs four steps of
 * four sub-steps (85 spans), and every sub-step's own time is its base (100-322 µs) times a lognormal factor; so is
 * every gap between them (5-30 µs, the parents' own time), unless they are fixed. One sub-step can be given an extra
 * exponential delay.
 */
final class LayeredNoiseCorpus {

	private final Random random;
	private final double sigma;
	private final String delayed;
	private final double meanDelayMicros;
	private boolean fixedGaps;

	LayeredNoiseCorpus(long seed, double sigma, String delayed, double meanDelayMicros) {
		this.random = new Random(seed);
		this.sigma = sigma;
		this.delayed = delayed;
		this.meanDelayMicros = meanDelayMicros;
	}

	/** Gaps of fixed length: only the sub-steps vary. */
	LayeredNoiseCorpus fixedGaps() {
		fixedGaps = true;
		return this;
	}

	private long gap(long micros) {
		return fixedGaps ? micros : Math.max(1, Math.round(micros * Math.exp(sigma * random.nextGaussian())));
	}

	List<Trace> traces(int count) throws Exception {
		SpanTraceAssembler assembler = new SpanTraceAssembler("generated", new Interner(), w -> {
			throw new AssertionError(w.toString());
		});
		List<Trace> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(assembler.assemble("layered-" + i, spans(i * 1_000_000L)));
		}
		return out;
	}

	private List<SpanInput> spans(long t0) {
		List<SpanInput> spans = new ArrayList<>();
		long cursor = t0 + gap(20);
		for (int c = 1; c <= 4; c++) {
			String service = "svc" + c;
			long callStart = cursor;
			long inner = cursor + gap(10);
			for (int s = 1; s <= 4; s++) {
				long stepStart = inner;
				long sub = inner + gap(5);
				for (int u = 1; u <= 4; u++) {
					String tp = service + ":call.step" + s + ".sub" + u;
					double d = (100 + 37 * ((c * 16 + s * 4 + u) % 7)) * Math.exp(sigma * random.nextGaussian());
					if (tp.equals(delayed)) {
						d += -Math.log(1 - random.nextDouble()) * meanDelayMicros;
					}
					long dur = Math.max(1, Math.round(d));
					spans.add(span(tp + "#" + c, "s" + c + "." + s, sub, dur, tp));
					sub += dur + gap(5);
				}
				long stepEnd = sub + gap(5);
				spans.add(span("s" + c + "." + s, "c" + c, stepStart, stepEnd - stepStart, service + ":call.step" + s));
				inner = stepEnd + gap(5);
			}
			long callEnd = inner + gap(10);
			spans.add(span("c" + c, "root", callStart, callEnd - callStart, service + ":call"));
			cursor = callEnd + gap(20);
		}
		spans.add(0, span("root", null, t0, cursor + gap(20) - t0, "api:create"));
		return spans;
	}

	private static SpanInput span(String id, String parent, long startMicros, long durationMicros, String tracepoint) {
		String service = tracepoint.substring(0, tracepoint.indexOf(':'));
		return new SpanInput(id, parent, startMicros * 1000, durationMicros * 1000, tracepoint,
				new Attributes(service, "", tracepoint.substring(service.length() + 1), Map.of()));
	}
}
