// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Where the current thread is in a request: trace id, the enclosing span, and the request type (which decides
 * which tracepoints record). Crosses HTTP calls as a W3C {@code traceparent} header plus a {@code baggage} entry for
 * the request type, and crosses threads through {@link #wrap(Runnable)}.
 * <p>
 * Every tracepoint call reads the current context, so reading it is the request path's main cost when a tracepoint
 * is enabled for other request types only. Threads made by {@link #threads(String, boolean)} keep the context in a
 * field of the thread (one type check and one load); any other thread falls back to a {@link ThreadLocal}.
 */
public final class TraceContext {

	static final String TRACEPARENT = "traceparent";
	static final String BAGGAGE = "baggage";
	static final String REQUEST_TYPE_KEY = "pythia.request_type";

	private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

	private final String traceId;
	private final String spanId;
	private final String requestType;
	/** The request type's bit (see {@link RequestTypes}), so a tracepoint checks its types with one AND. */
	final long typeBit;

	/**
	 * @param traceId     32 hex digits
	 * @param spanId      16 hex digits of the enclosing span (null at a request's start)
	 * @param requestType the request type
	 */
	public TraceContext(String traceId, String spanId, String requestType) {
		this(traceId, spanId, requestType, RequestTypes.bit(requestType));
	}

	private TraceContext(String traceId, String spanId, String requestType, long typeBit) {
		this.traceId = traceId;
		this.spanId = spanId;
		this.requestType = requestType;
		this.typeBit = typeBit;
	}

	/** A child of this context: same trace and request type, the given span. */
	TraceContext child(String childSpanId) {
		return new TraceContext(traceId, childSpanId, requestType, typeBit);
	}

	public String traceId() {
		return traceId;
	}

	public String spanId() {
		return spanId;
	}

	public String requestType() {
		return requestType;
	}

	/** The context of the current thread, or null outside any request. */
	public static TraceContext current() {
		return Thread.currentThread() instanceof RequestThread t ? t.context : CURRENT.get();
	}

	static void set(TraceContext context) {
		if (Thread.currentThread() instanceof RequestThread t) {
			t.context = context;
		} else if (context == null) {
			CURRENT.remove();
		} else {
			CURRENT.set(context);
		}
	}

	/**
	 * Threads for a service's request handling (HTTP server and executor pools): they carry the current context in a
	 * field, which tracepoints read faster than a ThreadLocal.
	 *
	 * @param name   the threads' name prefix (a number is appended)
	 * @param daemon whether the threads are daemons
	 */
	public static ThreadFactory threads(String name, boolean daemon) {
		AtomicInteger count = new AtomicInteger();
		return r -> {
			Thread t = new RequestThread(r, name + " " + count.incrementAndGet());
			t.setDaemon(daemon);
			return t;
		};
	}

	/** A thread whose current context is a plain field: only the thread itself reads or writes it. */
	static final class RequestThread extends Thread {
		TraceContext context;

		RequestThread(Runnable task, String name) {
			super(task, name);
		}
	}

	/** Runs code with this context current, then restores what was there. */
	public void run(Runnable r) {
		TraceContext before = current();
		set(this);
		try {
			r.run();
		} finally {
			set(before);
		}
	}

	/** A task that runs with the submitting thread's context (for executors). */
	public static Runnable wrap(Runnable task) {
		TraceContext captured = current();
		return captured == null ? task : () -> captured.run(task);
	}

	public static <T> Callable<T> wrap(Callable<T> task) {
		TraceContext captured = current();
		if (captured == null) {
			return task;
		}
		return () -> {
			TraceContext before = current();
			set(captured);
			try {
				return task.call();
			} finally {
				set(before);
			}
		};
	}

	/** Writes the current context into outgoing headers (nothing outside a request). */
	public static void inject(BiConsumer<String, String> header) {
		TraceContext c = current();
		if (c != null) {
			header.accept(TRACEPARENT, "00-" + c.traceId + "-" + c.spanId + "-01");
			header.accept(BAGGAGE, REQUEST_TYPE_KEY + "=" + URLEncoder.encode(c.requestType, StandardCharsets.UTF_8));
		}
	}

	/** Reads a context from incoming headers; null when there is none or it is malformed. */
	public static TraceContext extract(Function<String, String> header) {
		String parent = header.apply(TRACEPARENT);
		if (parent == null) {
			return null;
		}
		String[] parts = parent.trim().split("-");
		if (parts.length < 4 || parts[1].length() != 32 || parts[2].length() != 16 || !hex(parts[1]) || !hex(parts[2])) {
			return null;
		}
		String type = "";
		String baggage = header.apply(BAGGAGE);
		if (baggage != null) {
			for (String entry : baggage.split(",")) {
				String[] kv = entry.trim().split("=", 2);
				if (kv.length == 2 && kv[0].trim().equals(REQUEST_TYPE_KEY)) {
					type = URLDecoder.decode(kv[1].trim().split(";")[0], StandardCharsets.UTF_8);
				}
			}
		}
		return new TraceContext(parts[1], parts[2], type);
	}

	static String newId(int hexDigits) {
		StringBuilder sb = new StringBuilder(hexDigits);
		ThreadLocalRandom r = ThreadLocalRandom.current();
		while (sb.length() < hexDigits) {
			String chunk = Long.toHexString(r.nextLong() | Long.MIN_VALUE); // 16 digits, never all zero
			sb.append(chunk, 0, Math.min(16, hexDigits - sb.length()));
		}
		return sb.toString();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TraceContext c && Objects.equals(traceId, c.traceId) && Objects.equals(spanId, c.spanId)
				&& Objects.equals(requestType, c.requestType);
	}

	@Override
	public int hashCode() {
		return Objects.hash(traceId, spanId, requestType);
	}

	@Override
	public String toString() {
		return "TraceContext[traceId=" + traceId + ", spanId=" + spanId + ", requestType=" + requestType + "]";
	}

	private static boolean hex(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
				return false;
			}
		}
		return true;
	}
}
