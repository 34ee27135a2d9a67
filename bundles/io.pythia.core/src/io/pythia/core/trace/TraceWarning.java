// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

/**
 * Something an importer or the trace assembly noticed and worked around, said in words: which trace, and what was
 * done about it.
 *
 * @param trace   the trace id, or the file when no trace is known
 * @param message what was wrong and what was done
 */
public record TraceWarning(String trace, String message) implements java.io.Serializable {
}
