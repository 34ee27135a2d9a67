// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab;

import java.util.List;

/**
 * What the lab looks like: its services, their tracepoints and the problems that can be switched on.
 *
 * @param tracepoints tracepoints of the services that answered
 * @param enabled     of those, the ones enabled for some request type
 * @param otlpPort    where the services send their spans
 */
public record LabStatus(List<Service> services, long tracepoints, long enabled, List<Problem> problems, int otlpPort) {

	/** @param error why a service that runs did not answer, or null */
	public record Service(String name, long pid, String controlUrl, boolean alive, String error) {
	}

	public record Problem(String name, String tracepoint, boolean active) {
	}

	/** Whether every service runs and answered. */
	public boolean up() {
		return !services.isEmpty() && services.stream().allMatch(Service::alive);
	}
}
