// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

/** The trace formats Pythia reads; each file's format is detected from its content. */
public enum TraceFormat {
	JAEGER("jaeger", "Jaeger JSON (query API, bare trace, or UI download)"),
	JAEGER_MODEL("jaeger-model", "Jaeger internal domain-model JSON"),
	ZIPKIN("zipkin", "Zipkin v2 JSON"),
	OTLP("otlp", "OpenTelemetry OTLP/JSON"),
	OSPROFILER("osprofiler", "OpenStack OSProfiler trace (trace show --json)"),
	OSPROFILER_EVENTS("osprofiler-events", "OpenStack OSProfiler raw start/stop events"),
	XTRACE("x-trace", "X-Trace event reports"),
	ALIBABA("alibaba", "Alibaba microservice call-graph CSV");

	private final String id;
	private final String description;

	TraceFormat(String id, String description) {
		this.id = id;
		this.description = description;
	}

	/** Short name, as traces report it. */
	public String id() {
		return id;
	}

	public String description() {
		return description;
	}
}
