// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import java.util.Map;

/**
 * What a span or event says about where it ran: service, host, operation, and its tags. Strings are interned by the
 * assembler, so traces of the same system share them.
 *
 * @param service   service (process) name; "" when unknown
 * @param host      host name or address; "" when unknown
 * @param operation operation, span name or label
 * @param tags      tags as strings (typed values are rendered)
 */
public record Attributes(String service, String host, String operation, Map<String, String> tags) implements java.io.Serializable {

	public static final Attributes NONE = new Attributes("", "", "", Map.of());

	public Attributes {
		service = service == null ? "" : service;
		host = host == null ? "" : host;
		operation = operation == null ? "" : operation;
		tags = tags == null ? Map.of() : tags;
	}
}
