// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real trace file in ../shared/traces imports with the trace and span (or event) counts that SOURCES.md
 * gives, and with the warnings its documented quirks call for. Files without quirks import without warnings.
 */
class SharedTracesImportTest {

	/**
	 * folder, file, format, traces, spans (event formats: events), a text every warning list must contain ("-" =
	 * there must be no warning; "*" = not checked).
	 */
	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', textBlock = """
			jaeger | docc-lab__dsb_hd_counter__traces-1695947455229.json | JAEGER | 20 | 660 | -
			jaeger | eclipse-tracecompass-incubator__org.eclipse.tracecompass.incubator__multiple_services.json | JAEGER | 1 | 5 | -
			jaeger | eclipse-tracecompass-incubator__org.eclipse.tracecompass.incubator__simple.json | JAEGER | 1 | 3 | -
			jaeger | grafana__grafana__mockJsonResponse-loki.json | JAEGER | 1 | 2 | -
			jaeger | jaegertracing__jaeger-ui__spanAmongEachOtherGroupedAndSpans.json | JAEGER | 1 | 17 | *
			jaeger-synthetic | jaegertracing__jaeger-ui__traceWithOverlappingChildrenLongerThanParent.json | JAEGER | 1 | 4 | -
			jaeger-synthetic | jaegertracing__jaeger__domain_01-internal-model.json | JAEGER_MODEL | 1 | 5 | reuse an id
			jaeger-synthetic | jaegertracing__jaeger__ui_01.json | JAEGER | 1 | 5 | reuse an id
			jaeger-synthetic | uber-research__CRISP__18.json | JAEGER | 1 | 9 | -
			jaeger-synthetic | uber-research__CRISP__25.json | JAEGER | 1 | 9 | -
			jaeger-synthetic | uber-research__CRISP__err_pattern1-err1.json | JAEGER | 1 | 2 | -
			zipkin | hypertrace__hypertrace-collector__ingestion-trace.json | ZIPKIN | 1 | 6 | *
			zipkin | openzipkin__zipkin__ascend.json | ZIPKIN | 1 | 8 | *
			zipkin | openzipkin__zipkin__envoy.json | ZIPKIN | 1 | 1 | no service
			zipkin | openzipkin__zipkin__messaging-kafka.json | ZIPKIN | 1 | 28 | *
			zipkin | openzipkin__zipkin__messaging.json | ZIPKIN | 1 | 4 | *
			zipkin | openzipkin__zipkin__messaging2.json | ZIPKIN | 1 | 11 | missing from the trace
			zipkin | openzipkin__zipkin__simple-db-p6.json | ZIPKIN | 1 | 5 | *
			zipkin | openzipkin__zipkin__skew.json | ZIPKIN | 1 | 4 | clock skew
			zipkin | openzipkin__zipkin__smartthings-oauth-authorization.json | ZIPKIN | 1 | 175 | no duration
			zipkin | openzipkin__zipkin__yelp.json | ZIPKIN | 1 | 16 | *
			otlp | grafana__tempo__trace-with-failed-requests.json | OTLP | 1 | 15 | *
			otlp | grafana__tempo__trace-with-queue-database.json | OTLP | 1 | 19 | *
			otlp | grafana__tempo__trace-with-virtual-nodes.json | OTLP | 2 | 3 | *
			otlp | grafana__tempo__vulture-trace.json | OTLP | 1 | 6 | *
			otlp | jaegertracing__jaeger-ui__getTrace-response-hotrod.json | OTLP | 1 | 40 | *
			otlp | jaegertracing__jaeger-ui__v3-trace-local-2.21.0.json | OTLP | 1 | 3 | *
			otlp | open-telemetry__opentelemetry-proto__trace.json | OTLP | 1 | 1 | missing from the trace
			osprofiler | Aolda__aolda-trace-bridge__osprofiler_trace_show_251bb5c1_redacted.json | OSPROFILER | 1 | 5 | *
			osprofiler | Aolda__aolda-trace-bridge__redis_lrange_251bb5c1_redacted.ndjson | OSPROFILER_EVENTS | 1 | 6 | *
			osprofiler | BeyondTheClouds__neutron-perf__iterations-10-concurrency-5-osprofiler-max.json | OSPROFILER | 1 | 1057 | *
			osprofiler | BeyondTheClouds__osp-utils__neutron-db.json | OSPROFILER | 1 | 69 | *
			osprofiler | BeyondTheClouds__osp-utils__trace-create-and-delete-image.json | OSPROFILER | 1 | 126 | *
			osprofiler | BeyondTheClouds__osp-utils__trace-create-and-delete-networks.json | OSPROFILER | 1 | 181 | *
			osprofiler | BeyondTheClouds__osp-utils__trace-create-and-delete-security-groups.json | OSPROFILER | 1 | 115 | *
			osprofiler | BeyondTheClouds__osp-utils__trace-create-and-delete-subnets.json | OSPROFILER | 1 | 466 | *
			xtrace | brownsys__tracing-framework__download.json | XTRACE | 1 | 839 | missing from the trace
			xtrace | brownsys__tracing-framework__gc.json | XTRACE | 8 | 31 | -
			xtrace | brownsys__tracing-framework__medium.json | XTRACE | 1 | 849 | -
			xtrace | brownsys__tracing-framework__small.json | XTRACE | 1 | 166 | -
			""")
	void importsWithDocumentedCounts(String folder, String file, TraceFormat format, int traces, int spansOrEvents,
			String warning) throws Exception {
		Path path = SharedTraces.file(folder, file);
		CollectingSink sink = new CollectingSink();
		assertEquals(format, new TraceImporter().read(path, sink));
		assertEquals(traces, sink.traces.size(), "traces");
		boolean eventFormat = format == TraceFormat.XTRACE;
		assertEquals(spansOrEvents, eventFormat ? sink.events() : sink.spans(), eventFormat ? "events" : "spans");
		if (!eventFormat) {
			assertEquals(2 * spansOrEvents, sink.events(), "a span is two events");
		}
		assertTrue(sink.rejected.isEmpty(), sink.rejected.toString());
		switch (warning) {
		case "-" -> assertEquals("", sink.warningText(), "no quirks, no warnings");
		case "*" -> {
		}
		default -> assertTrue(sink.warningText().contains(warning), "expected a warning with '" + warning + "' in:\n" + sink.warningText());
		}
		for (var w : sink.warnings) {
			assertTrue(sink.traces.stream().anyMatch(t -> t.id().equals(w.trace())), "warning names a trace: " + w);
		}
	}

	@Test
	void alibabaCallGraphsMergeCallerAndCalleeRows() throws Exception {
		CollectingSink sink = new CollectingSink();
		Path file = SharedTraces.file("alibaba", "docc-lab__casper__2021-shuffled-sample-traces-small.csv.gz");
		assertEquals(TraceFormat.ALIBABA, new TraceImporter().read(file, sink));
		assertEquals(17, sink.traces.size());
		// 967 rows: calls logged by caller and callee are one span each
		assertTrue(sink.spans() > 17 && sink.spans() <= 967, "spans " + sink.spans());
		assertTrue(sink.rejected.isEmpty(), sink.rejected.toString());
	}

	@Test
	void everyTraceFileInTheSharedFolderIsCovered() throws Exception {
		List<String> names = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SharedTraces.ROOT)) {
			files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
		}
		String table = Files.readString(Path.of("src_test/io/pythia/importers/SharedTracesImportTest.java"));
		for (String name : names) {
			if (name.endsWith(".md") || name.equals("docc-lab__dsb_hd_counter__trace.csv")) {
				continue; // documentation, and the edge-list copy of a JSON file
			}
			assertTrue(table.contains(name), name + " has no row in this test");
		}
	}

	@Test
	void edgeListCsvIsRefusedWithAClearMessage() {
		Path file = SharedTraces.file("jaeger", "docc-lab__dsb_hd_counter__trace.csv");
		var e = org.junit.jupiter.api.Assertions.assertThrows(io.pythia.core.trace.TraceFormatException.class,
				() -> new TraceImporter().read(file, new CollectingSink()));
		assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a trace format"), e.getMessage());
	}
}
