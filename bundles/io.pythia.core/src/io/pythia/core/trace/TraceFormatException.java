// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

/**
 * Input that cannot be read as traces: malformed or truncated data, an unknown format, or a trace that cannot be a
 * happens-before graph (a cycle). The message names the place (file, line, column, or trace).
 */
public class TraceFormatException extends Exception {

	private static final long serialVersionUID = 1L;

	public TraceFormatException(String message) {
		super(message);
	}

	public TraceFormatException(String message, Throwable cause) {
		super(message, cause);
	}
}
