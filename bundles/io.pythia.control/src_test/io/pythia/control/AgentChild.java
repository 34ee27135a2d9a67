// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import io.pythia.agent.Agent;

/** A service in its own JVM for the fault tests: an agent with two tracepoints on a given control port. */
public final class AgentChild {

	private AgentChild() {
	}

	public static void main(String[] args) throws Exception {
		Agent agent = Agent.start(Agent.Config.of(args[0], null, args[2]).withControlPort(Integer.parseInt(args[1])));
		agent.tracepoint("op");
		agent.tracepoint("deep");
		System.out.println("ready " + agent.controlUri());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}
}
