// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

/**
 * A recording span: opened by an enabled tracepoint, it becomes the current context until closed, then goes to the
 * exporter. A disabled tracepoint hands out {@link #NOOP}, which records nothing and leaves the context alone, so
 * the work below it hangs under the nearest enabled span.
 */
public class Span implements AutoCloseable {

	/** What disabled tracepoints return: closing it does nothing. */
	public static final Span NOOP = new Span(null);

	private final Agent agent;
	private final Tracepoint tracepoint;
	private final TraceContext context;
	private final TraceContext parent;
	private final long startNanos;

	/** A span that records nothing and only carries a context (subclasses decide what closing does). */
	Span(TraceContext context) {
		this.agent = null;
		this.tracepoint = null;
		this.context = context;
		this.parent = null;
		this.startNanos = 0;
	}

	Span(Agent agent, Tracepoint tracepoint, TraceContext context, TraceContext parent) {
		this.agent = agent;
		this.tracepoint = tracepoint;
		this.context = context;
		this.parent = parent;
		this.startNanos = agent.clock();
		TraceContext.set(context);
	}

	/** The context this span opened (null for {@link #NOOP}). */
	public TraceContext context() {
		return context;
	}

	public boolean recording() {
		return agent != null;
	}

	@Override
	public void close() {
		if (agent == null) {
			return;
		}
		long end = agent.clock();
		TraceContext.set(parent);
		agent.record(new SpanRecord(context.traceId(), context.spanId(),
				parent == null || parent.spanId() == null ? null : parent.spanId(), tracepoint.operation(),
				context.requestType(), startNanos, end));
	}
}
