// SPDX-License-Identifier: EPL-2.0
package io.pythia.agent.jmh;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link TracepointBenchmark} on JMH's own threads, which the agent did not make: the request's context is then
 * read from a ThreadLocal.
 */
@Fork(value = 2, jvmArgsAppend = "-Djmh.executor=PLATFORM") // JMH's default executor, not the parent's
public class ForeignThreadBenchmark extends TracepointBenchmark {

	@Override
	protected boolean onRequestThreads() {
		return false;
	}
}
