// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Wraps each configured span processor (the batch processor in front of the exporter): a switched-off span
 * does not reach it, so it takes no place in the export queue and no time of the export thread.
 */
final class SwitchingProcessor implements SpanProcessor {

	private final SpanProcessor delegate;

	SwitchingProcessor(SpanProcessor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		delegate.onStart(parentContext, span);
	}

	@Override
	public boolean isStartRequired() {
		return delegate.isStartRequired();
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (!Switchboard.isSwitchedOff(span)) {
			delegate.onEnd(span);
		}
	}

	@Override
	public boolean isEndRequired() {
		return delegate.isEndRequired();
	}

	@Override
	public CompletableResultCode shutdown() {
		return delegate.shutdown();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return delegate.forceFlush();
	}

	@Override
	public String toString() {
		return "SwitchingProcessor{" + delegate + "}";
	}
}
