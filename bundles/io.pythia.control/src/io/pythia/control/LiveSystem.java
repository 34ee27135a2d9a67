// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.pythia.core.Progress;
import io.pythia.core.analysis.RequestTypeRule;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.core.trace.TraceWarning;
import io.pythia.search.CycleEngine;
import io.pythia.search.InstrumentationState;
import io.pythia.search.SearchSpace;

/**
 * A running system as the cycle engine sees it: traces arrive at the embedded collector, toggles go to the agents.
 * A push that does not reach every agent fails, so the engine stays in its pushing phase and pushes again.
 * <p>
 * Or, where the system's spans go to a stream that a job analyses ({@link AnalysedWindows}), each cycle takes the
 * report of the first window that starts after the last push, and no trace comes here.
 */
public final class LiveSystem implements CycleEngine.ConnectedSystem, AutoCloseable {

	/** null when the windows are analysed elsewhere */
	private final TraceCollector collector;
	private final AnalysedWindows streamed;
	private ControlClient client;
	private final Duration window;
	private final long completionMillis;
	private final List<Trace> received = new ArrayList<>();
	/** Repairs made while assembling collected traces; counted, not kept, so a long session stays small. */
	private final java.util.concurrent.atomic.AtomicLong warnings = new java.util.concurrent.atomic.AtomicLong();
	private final java.util.concurrent.atomic.AtomicLong incomplete = new java.util.concurrent.atomic.AtomicLong();
	private ControlClient.PushReport lastPush;
	private volatile AnalysedWindows.Window lastStreamed;
	private final Object wake = new Object();
	private boolean cancelled;
	private volatile Progress progress = Progress.NONE;

	/**
	 * Starts the receiver; {@link #connect} names the agents (which need the receiver's port first).
	 *
	 * @param otlpPort          port of the embedded OTLP/HTTP receiver (0: any)
	 * @param window            how long each cycle collects traces
	 * @param completionMillis  quiet time after which a trace is complete
	 */
	public LiveSystem(int otlpPort, Duration window, long completionMillis) throws IOException {
		this(otlpPort, -1, window, completionMillis);
	}

	/** The same with an OTLP/gRPC receiver too, on {@code otlpGrpcPort} (0: any; -1: none). */
	public LiveSystem(int otlpPort, int otlpGrpcPort, Duration window, long completionMillis) throws IOException {
		this.collector = new TraceCollector(otlpPort, otlpGrpcPort, completionMillis, TraceSink.of(this::add, this::warn)).start();
		this.streamed = null;
		this.window = window;
		this.completionMillis = completionMillis;
	}

	/**
	 * A system whose windows are analysed where its spans go; this one closes them.
	 *
	 * @param window how long each window is (the job's), to tell how long to wait for one
	 */
	public LiveSystem(AnalysedWindows windows, Duration window) {
		this.collector = null;
		this.streamed = windows;
		this.window = window;
		this.completionMillis = 250; // what a push needs to reach the agents before the next window may begin
	}

	/** The agents toggles go to. */
	public LiveSystem connect(List<AgentEndpoint> agents) {
		if (client != null) {
			client.close();
		}
		client = new ControlClient(agents, 100);
		return this;
	}

	/** Whether a streaming job analyses the windows, so that no trace comes here. */
	public boolean streamed() {
		return collector == null;
	}

	/** The embedded receiver's port, or -1 when the spans go elsewhere. */
	public int otlpPort() {
		return collector == null ? -1 : collector.port();
	}

	private String whereSpansGo() {
		return collector == null ? streamed.describe() : "port " + otlpPort();
	}

	private synchronized void add(Trace t) {
		if (SpanTraceAssembler.SYNTHETIC_ROOT.equals(t.tracepoint(t.rootEvent()))) {
			// its root never arrived (an exporter that dropped spans, or a trace begun before the collector was
			// listening): no response time to analyse, and its first span would pass for a request type
			incomplete.incrementAndGet();
			return;
		}
		received.add(t);
	}

	/** Traces set aside because their root span never arrived. */
	public long incompleteTraces() {
		return incomplete.get();
	}

	private void warn(TraceWarning w) {
		warnings.incrementAndGet();
	}

	/** How many collected traces needed a repair (missing parents, clock skew, ...). */
	public long repairedTraceWarnings() {
		return warnings.get();
	}

	/**
	 * Waits one collection window and returns the traces completed in it. Traces still arriving at its end are
	 * left for later rather than cut in two; what arrived before the window is dropped, since it may have been
	 * recorded with the instrumentation of before the last push.
	 */
	@Override
	public List<Trace> collect() throws IOException {
		if (collector == null) {
			throw new IllegalStateException("the traces of a streamed system are analysed where they go: collectWindow()");
		}
		pause(2 * completionMillis); // what was under way at the last push completes first
		synchronized (this) {
			received.clear();
		}
		pause(window.toMillis());
		synchronized (this) {
			return List.copyOf(received);
		}
	}

	@Override
	public CycleEngine.Window collectWindow() throws IOException {
		if (collector == null) {
			return new CycleEngine.Window(List.of(), streamedWindow().report());
		}
		return CycleEngine.ConnectedSystem.super.collectWindow();
	}

	/**
	 * The first streamed window that starts after now (and after a push has reached the agents), once the job has
	 * analysed it. Waits as a collection does: cancellable, and with a clear error when none comes.
	 */
	private AnalysedWindows.Window streamedWindow() throws IOException {
		pause(completionMillis);
		long notBefore = System.currentTimeMillis();
		// a window can take two window lengths to begin and end, then the job's session gap and grace
		long deadline = notBefore + 3 * window.toMillis() + 30_000;
		while (true) {
			AnalysedWindows.Window w = streamed.poll(notBefore, Duration.ofMillis(100));
			if (w != null) {
				incomplete.addAndGet(w.incomplete());
				warnings.addAndGet(w.rejectedTraces());
				lastStreamed = w;
				return w;
			}
			pause(1); // a cancel cuts the wait short
			if (System.currentTimeMillis() > deadline) {
				throw new IOException("no analysed window came from " + streamed.describe() + " in "
						+ (deadline - notBefore) / 1000 + " s: is the workload running, and its spans going there?");
			}
		}
	}

	/** The last window a streaming job sent (its counts of bad input), or null. */
	public AnalysedWindows.Window lastStreamedWindow() {
		return lastStreamed;
	}

	/**
	 * Cuts the collection under way (or the next one) short: it fails with an IOException, and the engine collects
	 * again when it is next asked to go on. Nothing else is interrupted, so a journal write is never torn.
	 */
	public void cancel() {
		synchronized (wake) {
			cancelled = true;
			wake.notifyAll();
		}
	}

	/** Also cut collections short when {@code progress} is cancelled (it is looked at ten times a second). */
	public void watch(Progress progress) {
		this.progress = progress;
	}

	private void pause(long millis) throws IOException {
		long end = System.currentTimeMillis() + millis;
		synchronized (wake) {
			try {
				for (long left = millis; left > 0; left = end - System.currentTimeMillis()) {
					cancelled |= progress.isCanceled();
					if (cancelled) {
						break;
					}
					wake.wait(Math.min(left, 100));
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while collecting traces", e);
			}
			if (cancelled) {
				cancelled = false;
				throw new IOException("the collection was cancelled");
			}
		}
	}

	@Override
	public void push(InstrumentationState.Diff diff) throws IOException {
		push(diff, InstrumentationState.of(List.of()));
	}

	/** Pushes the diff and restores {@code target}'s toggles at agents that lost them (a restarted service). */
	@Override
	public void push(InstrumentationState.Diff diff, InstrumentationState target) throws IOException {
		lastPush = client.push(diff, target);
		if (!lastPush.complete()) {
			throw new IOException("the push reached not every agent: " + lastPush.results().stream()
					.filter(r -> r.outcome() != ControlClient.Outcome.APPLIED)
					.map(r -> r.agent() + " " + r.outcome().name().toLowerCase() + " (" + r.detail() + ")")
					.collect(Collectors.joining("; ")));
		}
	}

	/** Per-agent results of the last push. */
	public ControlClient.PushReport lastPush() {
		return lastPush;
	}

	/** What the agents report they have enabled now. */
	public InstrumentationState reportedState(List<String> unreachable) {
		return client.reportedState(unreachable);
	}

	/**
	 * Learns the search space from the running system: one window with the current instrumentation shows the
	 * request types; then every tracepoint is enabled for them for one window; then the instrumentation is set to
	 * the space's skeleton.
	 */
	public SearchSpace learnSearchSpace(RequestTypeRule rule) throws IOException {
		Set<String> types = new LinkedHashSet<>(learningWindow(rule).requestTypes());
		if (types.isEmpty()) {
			throw new IOException("no traces arrived in " + window.toMillis() + " ms: is the workload running and exporting to "
					+ whereSpansGo() + "?");
		}
		List<String> unreachable = new ArrayList<>();
		List<String> tracepoints = client.tracepoints(unreachable);
		if (!unreachable.isEmpty()) {
			throw new IOException("cannot list the tracepoints of " + unreachable);
		}
		InstrumentationState before = reportedState(unreachable);
		List<InstrumentationState.Toggle> all = new ArrayList<>();
		for (String tp : tracepoints) {
			for (String type : types) {
				all.add(new InstrumentationState.Toggle(tp, type));
			}
		}
		InstrumentationState full = InstrumentationState.of(all);
		push(before.diff(full));
		SearchSpace space = learningWindow(rule).build();
		push(full.diff(space.skeleton()));
		return space;
	}

	/** What the next window shows of the search space: from its traces, or as the streaming job learned it. */
	private SearchSpace.Builder learningWindow(RequestTypeRule rule) throws IOException {
		if (collector == null) {
			return streamedWindow().space();
		}
		SearchSpace.Builder b = new SearchSpace.Builder(rule);
		collect().forEach(b::add);
		return b;
	}

	@Override
	public void close() {
		if (collector != null) {
			collector.close();
		} else {
			streamed.close();
		}
		if (client != null) {
			client.close();
		}
	}
}
