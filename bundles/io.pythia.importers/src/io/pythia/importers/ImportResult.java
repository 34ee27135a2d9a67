// SPDX-License-Identifier: EPL-2.0
package io.pythia.importers;

import java.nio.file.Path;
import java.util.List;

/**
 * What reading a set of files came to.
 *
 * @param files  files read (or tried)
 * @param errors files that failed, each with a message naming the file and the place
 */
public record ImportResult(int files, List<FileError> errors) {

	/** @param message names the file, and the line and column where they are known */
	public record FileError(Path file, String message) {
	}
}
