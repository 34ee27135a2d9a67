// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.core.trace.TraceSink;

/**
 * Alibaba microservice call-graph CSV (2021 and 2022 column sets): no span ids; the call hierarchy is the "rpcid"
 * ("0.1.1.2" is a child of "0.1.1"). A call logged by both caller and callee (rt positive and negative) becomes one
 * span. Times in milliseconds. Tracepoint: callee service (dm) and interface (or the RPC type).
 */
final class AlibabaCsvReader {

	private final TraceSink sink;
	private final SpanTraceAssembler assembler;

	AlibabaCsvReader(TraceSink sink, Interner interner) {
		this.sink = sink;
		this.assembler = new SpanTraceAssembler("alibaba", interner, sink::warning);
	}

	void read(BufferedReader in) throws IOException, TraceFormatException {
		String header = in.readLine();
		if (header == null) {
			throw new TraceFormatException("line 1: empty CSV");
		}
		Map<String, Integer> col = new HashMap<>();
		String[] names = header.replace("\uFEFF", "").split(",", -1);
		for (int i = 0; i < names.length; i++) {
			col.put(names[i].trim().toLowerCase(), i);
		}
		int trace = column(col, "traceid", "trace_id");
		int time = column(col, "timestamp");
		int rpc = column(col, "rpcid", "rpc_id");
		int dm = column(col, "dm");
		int rt = column(col, "rt");
		Integer type = col.get("rpctype");
		Integer iface = col.get("interface");
		Integer um = col.get("um");
		Map<String, Map<String, Call>> traces = new LinkedHashMap<>();
		String line;
		int lineNo = 1;
		try {
			while ((line = in.readLine()) != null) {
				lineNo++;
				if (line.isBlank()) {
					continue;
				}
				String[] f = line.split(",", -1);
				if (f.length < names.length) {
					throw new TraceFormatException("line " + lineNo + ": " + f.length + " columns, the header has " + names.length);
				}
				long ts;
				double rtMs;
				try {
					ts = Long.parseLong(f[time].trim());
					rtMs = Double.parseDouble(f[rt].trim());
				} catch (NumberFormatException e) {
					throw new TraceFormatException("line " + lineNo + ": timestamp or rt is no number");
				}
				Call c = traces.computeIfAbsent(f[trace], k -> new LinkedHashMap<>()).computeIfAbsent(f[rpc], k -> new Call());
				c.start = Math.min(c.start, ts);
				c.durationMs = Math.max(c.durationMs, Math.abs(rtMs));
				String callee = known(f[dm]);
				if (!callee.isEmpty()) {
					c.service = callee;
				}
				if (um != null && c.caller.isEmpty()) {
					c.caller = known(f[um]);
				}
				String op = iface != null ? known(f[iface]) : "";
				if (op.isEmpty() && type != null) {
					op = known(f[type]);
				}
				if (!op.isEmpty() && c.operation.isEmpty()) {
					c.operation = op;
				}
			}
		} finally {
			traces.forEach(this::emit);
		}
	}

	private void emit(String traceId, Map<String, Call> calls) {
		List<SpanInput> spans = new ArrayList<>(calls.size());
		for (var e : calls.entrySet()) {
			String rpcId = e.getKey();
			int dot = rpcId.lastIndexOf('.');
			String parent = dot > 0 ? rpcId.substring(0, dot) : null;
			Call c = e.getValue();
			String service = c.service.isEmpty() ? "unknown" : c.service;
			String op = c.operation.isEmpty() ? "call" : c.operation;
			spans.add(new SpanInput(rpcId, parent, c.start * 1_000_000, Math.round(c.durationMs * 1_000_000),
					service + ":" + op, new Attributes(service, "", op, c.caller.isEmpty() ? Map.of() : Map.of("um", c.caller))));
		}
		try {
			sink.trace(assembler.assemble(traceId, spans));
		} catch (TraceFormatException ex) {
			sink.rejected(traceId, ex.getMessage());
		}
	}

	private int column(Map<String, Integer> col, String... names) throws TraceFormatException {
		for (String n : names) {
			Integer i = col.get(n);
			if (i != null) {
				return i;
			}
		}
		throw new TraceFormatException("line 1: the CSV header has no column " + String.join(" or ", names)
				+ " (Alibaba call graphs need traceid, timestamp, rpcid, dm, rt)");
	}

	/** UNKNOWN / UNAVAILABLE placeholders and empty fields mean "not known". */
	private static String known(String v) {
		String s = v.trim();
		return s.isEmpty() || "UNKNOWN".equalsIgnoreCase(s) || "UNAVAILABLE".equalsIgnoreCase(s) || "(?)".equals(s) ? "" : s;
	}

	private static final class Call {
		long start = Long.MAX_VALUE;
		double durationMs;
		String service = "";
		String caller = "";
		String operation = "";
	}
}
