// SPDX-License-Identifier: EPL-2.0
package io.pythia.otel;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.pythia.agent.Agent;

/**
 * The extension's entry point, found by the OpenTelemetry Java agent in {@code -Dotel.javaagent.extensions=JAR}
 * and by the SDK's autoconfigure on a class path. It puts a {@link Switchboard} into the tracer provider, wraps
 * the exporter and the propagators, and opens the Pythia control endpoint:
 * <ul>
 * <li>{@code pythia.control.token} (or {@code PYTHIA_CONTROL_TOKEN}): the bearer token the endpoint requires.
 * Without one, nothing is switched off and the service runs as without the extension.</li>
 * <li>{@code pythia.control.port}: its port (default 0, any free port; the log line names it).</li>
 * <li>{@code pythia.control.bind}: its address (default 127.0.0.1).</li>
 * </ul>
 * A service starts with its skeleton only: every tracepoint beyond the service entries is off until toggled.
 */
public final class PythiaCustomizer implements AutoConfigurationCustomizerProvider {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	@Override
	public void customize(AutoConfigurationCustomizer autoConfiguration) {
		Holder holder = new Holder();
		// the resource comes first, then the exporter and its processor, then the tracer provider's customizers
		autoConfiguration.addResourceCustomizer((resource, config) -> {
			String name = resource.getAttribute(SERVICE_NAME);
			if (name != null) {
				holder.service = name;
			}
			return resource;
		});
		autoConfiguration.addSpanExporterCustomizer((exporter, config) -> new SwitchingExporter(exporter));
		// the batch processor in front of the exporter: switched-off spans do not fill its queue
		autoConfiguration.addSpanProcessorCustomizer((processor, config) -> new SwitchingProcessor(processor));
		autoConfiguration.addTracerProviderCustomizer((builder, config) -> builder.addSpanProcessor(holder.get(config)));
		autoConfiguration.addPropagatorCustomizer((propagator, config) -> new SwitchingPropagator(propagator, holder.get(config)));
	}

	/** The one switchboard of an SDK, made at first use, once the service's name is known. */
	private static final class Holder {
		volatile String service = "unknown_service:java";
		private Switchboard switchboard;

		synchronized Switchboard get(ConfigProperties config) {
			if (switchboard == null) {
				switchboard = new Switchboard(control(service, config));
			}
			return switchboard;
		}
	}

	private static Agent control(String service, ConfigProperties config) {
		String token = config.getString("pythia.control.token");
		if (token == null || token.isBlank()) {
			System.err.println("pythia: no pythia.control.token (or PYTHIA_CONTROL_TOKEN) set for " + service
					+ ": no control endpoint, every span is exported as without the extension");
			return null;
		}
		int port = config.getInt("pythia.control.port", 0);
		String bind = config.getString("pythia.control.bind", "127.0.0.1");
		try {
			Agent agent = Agent.start(new Agent.Config(service, null, port, bind, token, 1, 1, 1000));
			System.err.println("pythia: control endpoint for " + service + " at " + agent.controlUri());
			return agent;
		} catch (IOException e) {
			throw new UncheckedIOException("pythia: cannot open the control endpoint on " + bind + ":" + port, e);
		}
	}
}
