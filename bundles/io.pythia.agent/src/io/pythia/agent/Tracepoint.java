// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

/**
 * An instrumentation point. It records only for the request types it is enabled for; disabled, {@link #enter()}
 * costs a volatile read and returns {@link Span#NOOP}. Enabled for other types only, it also reads the thread's
 * context and ANDs two type masks.
 */
public final class Tracepoint {

	private final Agent agent;
	private final String id;
	private final String operation;
	/** Request types it records for; replaced whole on write, so the hot path reads one consistent object. */
	private volatile Enabled enabled = Enabled.NONE;

	Tracepoint(Agent agent, String operation) {
		this.agent = agent;
		this.operation = operation;
		this.id = agent.service() + ":" + operation;
	}

	/** "service:operation", the id the analysis uses. */
	public String id() {
		return id;
	}

	public String operation() {
		return operation;
	}

	/**
	 * Opens a span inside the current request if this tracepoint is enabled for its request type; otherwise (or
	 * outside any request) returns {@link Span#NOOP}.
	 */
	public Span enter() {
		Enabled e = enabled;
		if (e == Enabled.NONE) {
			return Span.NOOP;
		}
		TraceContext parent = TraceContext.current();
		if (parent == null || !e.covers(parent)) {
			return Span.NOOP;
		}
		return new Span(agent, this, parent.child(TraceContext.newId(16)), parent);
	}

	/**
	 * Starts a request of the given type here (a service's entry point), continuing {@code incoming} when the
	 * request came from another service. The span records if this tracepoint is enabled for the type; either way
	 * the request's context is current until the span is closed.
	 */
	public Span begin(String requestType, TraceContext incoming) {
		TraceContext before = TraceContext.current();
		String traceId = incoming != null ? incoming.traceId() : TraceContext.newId(32);
		String type = incoming != null && !incoming.requestType().isEmpty() ? incoming.requestType() : requestType;
		TraceContext parent = new TraceContext(traceId, incoming == null ? null : incoming.spanId(), type);
		if (!enabled.covers(parent)) {
			TraceContext.set(parent);
			return new ContextOnly(parent, before);
		}
		TraceContext.set(parent);
		Span span = new Span(agent, this, parent.child(TraceContext.newId(16)), parent);
		return new Restoring(span, before);
	}

	/** A point event inside the current request: a span of zero duration. */
	public void annotate() {
		try (Span s = enter()) {
			// nothing happens between entry and exit
		}
	}

	public boolean enabledFor(String requestType) {
		return enabled.contains(requestType);
	}

	String[] enabledTypes() {
		return enabled.types.clone();
	}

	void enabledTypes(String[] types) {
		this.enabled = types.length == 0 ? Enabled.NONE : new Enabled(types.clone());
	}

	/** The request types a tracepoint records for, by name and as a mask of {@link RequestTypes} bits. */
	private static final class Enabled {
		static final Enabled NONE = new Enabled(new String[0]);

		final String[] types;
		final long mask;

		Enabled(String[] types) {
			this.types = types;
			this.mask = RequestTypes.mask(types);
		}

		boolean covers(TraceContext context) {
			long bit = context.typeBit;
			if ((mask & bit) == 0) {
				return false;
			}
			// a type beyond the 63 with a bit of their own shares one: only the name tells
			return bit != RequestTypes.SHARED || contains(context.requestType());
		}

		boolean contains(String type) {
			for (String t : types) {
				if (t.equals(type)) {
					return true;
				}
			}
			return false;
		}
	}

	/** The request's context without a recording span (the entry point is disabled for this type). */
	private static final class ContextOnly extends Span {
		private final TraceContext before;

		ContextOnly(TraceContext context, TraceContext before) {
			super(context);
			this.before = before;
		}

		@Override
		public void close() {
			TraceContext.set(before);
		}
	}

	/** A recording entry span that also restores the thread's context from before the request. */
	private static final class Restoring extends Span {
		private final Span span;
		private final TraceContext before;

		Restoring(Span span, TraceContext before) {
			super(span.context());
			this.span = span;
			this.before = before;
		}

		@Override
		public boolean recording() {
			return true;
		}

		@Override
		public void close() {
			span.close();
			TraceContext.set(before);
		}
	}
}
