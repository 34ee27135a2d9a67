// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.Collection;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Wraps each configured propagator on the way out: a call made inside a switched-off span names its nearest
 * exported ancestor as the parent (the next service's entry stays connected), and the request's type goes along
 * in W3C baggage.
 */
final class SwitchingPropagator implements TextMapPropagator {

	private final TextMapPropagator delegate;
	private final Switchboard switchboard;

	SwitchingPropagator(TextMapPropagator delegate, Switchboard switchboard) {
		this.delegate = delegate;
		this.switchboard = switchboard;
	}

	@Override
	public Collection<String> fields() {
		return delegate.fields();
	}

	@Override
	public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
		SpanContext current = Span.fromContext(context).getSpanContext();
		if (current.isValid()) {
			SpanContext exported = switchboard.exportedParent(current);
			if (exported != current) {
				context = context.with(Span.wrap(exported));
			}
			Baggage baggage = Baggage.fromContext(context);
			if (baggage.getEntryValue(Switchboard.TYPE_KEY) == null) {
				String type = switchboard.requestType(current.getTraceId());
				if (type != null) {
					context = context.with(baggage.toBuilder().put(Switchboard.TYPE_KEY, type).build());
				}
			}
		}
		delegate.inject(context, carrier, setter);
	}

	@Override
	public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
		return delegate.extract(context, carrier, getter);
	}

	@Override
	public String toString() {
		return "SwitchingPropagator{" + delegate + "}";
	}
}
