// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
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
 * type. A switched-off span is marked, so that it never reaches the export queue; a child of one is marked with
 * the nearest exported ancestor, which the exporter makes its parent; and a switched-off span is remembered while
 * it runs, for its children and for the calls it makes to other services. Spans whose parent is invalid or
 * remote (the root and every service's entries) are the skeleton: always exported.
 * <p>
 * The request type is the baggage entry {@value #TYPE_KEY} when the request brings one; else, where it enters
 * the system, the name of its entry span as the first child starts (by then an HTTP server span carries its
 * route). The propagator sends it on to every service.
 */
final class Switchboard implements SpanProcessor {

	/** The W3C baggage entry that carries the request type to every service. */
	static final String TYPE_KEY = "pythia.request_type";

	/** Marks a switched-off span (never exported, so the mark never leaves the process). */
	static final AttributeKey<Boolean> SWITCHED_OFF = AttributeKey.booleanKey("pythia.switched_off");

	/** On a span whose parent was switched off: the nearest exported ancestor's span id (the exporter removes it). */
	static final AttributeKey<String> EXPORTED_PARENT = AttributeKey.stringKey("pythia.exported_parent");

	private final Agent control;
	/**
	 * Switched-off spans by span id, while they run: the nearest exported ancestor's context, for their children
	 * and their calls. Only open spans are kept (held longer, at high rates the maps' churn cost microseconds a
	 * request): a child that starts after its switched-off parent ended is exported under that parent.
	 */
	private final Map<String, SpanContext> disabled = new ConcurrentHashMap<>();
	/**
	 * Request types by trace id, while a service entry of the trace runs here: a span that starts after its
	 * request's entries ended has no known type, and is exported.
	 */
	private final Map<String, RequestInfo> requests = new ConcurrentHashMap<>();

	/** @param control the toggle state and its endpoint; null: nothing is switched off */
	Switchboard(Agent control) {
		this.control = control;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		SpanContext parent = Span.fromContext(parentContext).getSpanContext();
		String traceId = span.getSpanContext().getTraceId();
		if (!parent.isValid() || parent.isRemote()) {
			String type = Baggage.fromContext(parentContext).getEntryValue(TYPE_KEY);
			requests.compute(traceId, (id, info) -> {
				RequestInfo i = info != null ? info : new RequestInfo(type, span);
				i.open++;
				return i;
			});
			return;
		}
		if (control == null) {
			return;
		}
		RequestInfo info = requests.get(traceId);
		if (info == null) {
			return; // no entry of this request known here (long gone): keep the span rather than lose it
		}
		SpanContext ancestor = disabled.get(parent.getSpanId());
		if (control.tracepoint(span.getName()).enabledFor(info.type())) {
			if (ancestor != null) {
				span.setAttribute(EXPORTED_PARENT, ancestor.getSpanId());
			}
			return;
		}
		span.setAttribute(SWITCHED_OFF, true);
		disabled.put(span.getSpanContext().getSpanId(), ancestor != null ? ancestor : parent);
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
				requests.computeIfPresent(sc.getTraceId(), (id, i) -> --i.open <= 0 ? null : i);
			}
			return;
		}
		disabled.remove(sc.getSpanId());
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/** Whether the span was switched off. */
	static boolean isSwitchedOff(ReadableSpan span) {
		return span.getAttribute(SWITCHED_OFF) != null;
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

	@Override
	public CompletableResultCode shutdown() {
		if (control != null) {
			control.close();
		}
		return CompletableResultCode.ofSuccess();
	}

	/** One request as a service sees it: its type, fixed at first use, and its open entries here. */
	static final class RequestInfo {
		/** Entries of the request open here; changed only inside the map's compute, under its lock. */
		int open;
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
