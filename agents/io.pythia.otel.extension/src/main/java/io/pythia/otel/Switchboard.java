// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.pythia.agent.Agent;

/**
 * Decides, when a span starts, whether its tracepoint ({@code service:span-name}) is enabled for its request's
 * type, and remembers the disabled ones so that the exporter leaves them out and re-parents their children to
 * the nearest exported ancestor. Spans whose parent is invalid or remote (the root and every service's entries)
 * are the skeleton: always exported.
 * <p>
 * The request type is the baggage entry {@value #TYPE_KEY} when the request brings one; else, where it enters
 * the system, the name of its entry span as the first child starts (by then an HTTP server span carries its
 * route). The propagator sends it on to every service.
 */
final class Switchboard implements SpanProcessor {

	/** The W3C baggage entry that carries the request type to every service. */
	static final String TYPE_KEY = "pythia.request_type";

	/** How long a disabled span or a request's type stays known after it ended (the batch exporter's delay is 5 s). */
	static final long RETENTION_MILLIS = 30_000;

	private final Agent control;
	/** Disabled spans by span id: the nearest exported ancestor's context. */
	private final Retained<String, SpanContext> disabled = new Retained<>(RETENTION_MILLIS);
	/** Request types by trace id, while a service entry of the trace is open here (and then retained). */
	private final Retained<String, RequestInfo> requests = new Retained<>(RETENTION_MILLIS);
	private final AtomicLong started = new AtomicLong();
	private final AtomicLong switchedOff = new AtomicLong();

	/** @param control the toggle state and its endpoint; null: nothing is switched off */
	Switchboard(Agent control) {
		this.control = control;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		started.incrementAndGet();
		SpanContext parent = Span.fromContext(parentContext).getSpanContext();
		String traceId = span.getSpanContext().getTraceId();
		if (!parent.isValid() || parent.isRemote()) {
			String type = Baggage.fromContext(parentContext).getEntryValue(TYPE_KEY);
			RequestInfo info = requests.putIfAbsent(traceId, new RequestInfo(type, span));
			info.open.incrementAndGet();
			return;
		}
		if (control == null) {
			return;
		}
		RequestInfo info = requests.get(traceId);
		if (info == null) {
			return; // no entry of this request known here (long gone): keep the span rather than lose it
		}
		if (control.tracepoint(span.getName()).enabledFor(info.type())) {
			return;
		}
		SpanContext ancestor = disabled.get(parent.getSpanId());
		disabled.put(span.getSpanContext().getSpanId(), ancestor != null ? ancestor : parent);
		switchedOff.incrementAndGet();
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext sc = span.getSpanContext();
		SpanContext parent = span.getParentSpanContext();
		if (!parent.isValid() || parent.isRemote()) {
			RequestInfo info = requests.get(sc.getTraceId());
			if (info != null) {
				if (control != null && !control.tracepoint(span.getName()).enabledFor(info.type())) {
					control.alwaysOn(span.getName(), info.type());
				}
				if (info.open.decrementAndGet() <= 0) {
					requests.retire(sc.getTraceId());
				}
			}
			return;
		}
		disabled.retire(sc.getSpanId());
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/** Whether the span with this id was switched off. */
	boolean isDisabled(String spanId) {
		return disabled.get(spanId) != null;
	}

	/**
	 * The context to export or propagate as parent instead of {@code parent}: its nearest exported ancestor if
	 * it is disabled, else itself.
	 */
	SpanContext exportedParent(SpanContext parent) {
		if (!parent.isValid()) {
			return parent;
		}
		SpanContext ancestor = disabled.get(parent.getSpanId());
		return ancestor != null ? ancestor : parent;
	}

	/** The request type of the trace as known here, or null. */
	String requestType(String traceId) {
		RequestInfo info = requests.get(traceId);
		return info == null ? null : info.type();
	}

	/** Spans started, and of them switched off, since the start. */
	long[] counts() {
		return new long[] { started.get(), switchedOff.get() };
	}

	@Override
	public CompletableResultCode shutdown() {
		if (control != null) {
			control.close();
		}
		return CompletableResultCode.ofSuccess();
	}

	/** One request as a service sees it: its type, fixed at first use, and its open entries here. */
	static final class RequestInfo {
		final AtomicInteger open = new AtomicInteger();
		private volatile String type;
		private volatile ReadableSpan entry;

		RequestInfo(String type, ReadableSpan entry) {
			this.type = type;
			this.entry = type == null ? entry : null;
		}

		String type() {
			String t = type;
			if (t == null) {
				synchronized (this) {
					if (type == null) {
						type = entry.getName();
						entry = null; // the span is not kept beyond this
					}
					t = type;
				}
			}
			return t;
		}
	}
}
