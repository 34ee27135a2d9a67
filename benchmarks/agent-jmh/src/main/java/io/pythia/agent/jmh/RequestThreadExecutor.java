// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent.jmh;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.pythia.agent.TraceContext;

/**
 * JMH's worker pool made of the agent's request threads ({@link TraceContext#threads}), the threads a service
 * handles requests on. JMH creates it when run with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=<this>}.
 */
public class RequestThreadExecutor extends ThreadPoolExecutor {

	static final String[] JVM_ARGS = { "-Djmh.executor=CUSTOM",
			"-Djmh.executor.class=io.pythia.agent.jmh.RequestThreadExecutor" };

	public RequestThreadExecutor(int maxThreads, String prefix) {
		super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				TraceContext.threads(prefix, true));
	}

	/** Whether the calling thread is one of the agent's request threads. */
	static boolean onRequestThread() {
		return Thread.currentThread().getClass().getName().equals("io.pythia.agent.TraceContext$RequestThread");
	}
}
