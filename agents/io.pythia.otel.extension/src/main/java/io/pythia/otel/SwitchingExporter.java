// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
	private final Switchboard switchboard;

	SwitchingExporter(SpanExporter delegate, Switchboard switchboard) {
		this.delegate = delegate;
		this.switchboard = switchboard;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		List<SpanData> kept = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			if (switchboard.isDisabled(span.getSpanId())) {
				continue;
			}
			SpanContext parent = span.getParentSpanContext();
			SpanContext exported = switchboard.exportedParent(parent);
			kept.add(exported == parent ? span : new Reparented(span, exported));
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

	private static final class Reparented extends DelegatingSpanData {
		private final SpanContext parent;

		Reparented(SpanData span, SpanContext parent) {
			super(span);
			this.parent = parent;
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
