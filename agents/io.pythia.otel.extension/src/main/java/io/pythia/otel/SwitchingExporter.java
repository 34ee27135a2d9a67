// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Wraps the configured exporter: switched-off spans are left out, and a span whose parent was switched off is
 * exported under its nearest exported ancestor, so that every exported span's parent chain reaches the root.
 */
final class SwitchingExporter implements SpanExporter {

	private final SpanExporter delegate;

	SwitchingExporter(SpanExporter delegate) {
		this.delegate = delegate;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		List<SpanData> kept = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			if (span.getAttributes().get(Switchboard.SWITCHED_OFF) != null) {
				continue; // the processor keeps these out; a processor the agent adds itself may not
			}
			String ancestor = span.getAttributes().get(Switchboard.EXPORTED_PARENT);
			kept.add(ancestor == null ? span : new Reparented(span, ancestor));
		}
		return kept.isEmpty() ? CompletableResultCode.ofSuccess() : delegate.export(kept);
	}

	@Override
	public CompletableResultCode flush() {
		return delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return delegate.shutdown();
	}

	@Override
	public void close() {
		delegate.close();
	}

	@Override
	public String toString() {
		return "SwitchingExporter{" + delegate + "}";
	}

	/** A span under its nearest exported ancestor, without the mark that named it. */
	private static final class Reparented extends DelegatingSpanData {
		private final SpanContext parent;
		private final Attributes attributes;

		Reparented(SpanData span, String ancestorSpanId) {
			super(span);
			SpanContext own = span.getParentSpanContext();
			this.parent = SpanContext.create(span.getTraceId(), ancestorSpanId, own.getTraceFlags(), own.getTraceState());
			this.attributes = span.getAttributes().toBuilder().remove(Switchboard.EXPORTED_PARENT).build();
		}

		@Override
		public Attributes getAttributes() {
			return attributes;
		}

		@Override
		public int getTotalAttributeCount() {
			return super.getTotalAttributeCount() - 1;
		}

		@Override
		public SpanContext getParentSpanContext() {
			return parent;
		}

		@Override
		public String getParentSpanId() {
			return parent.getSpanId();
		}
	}
}
