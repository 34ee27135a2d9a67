// SPDX-License-Identifier: EPL-2.0
package io.pythia.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What every command checks in its arguments; failures are IllegalArgumentExceptions worded for the user. */
final class Arguments {

	private Arguments() {
	}

	/** The value after an option. */
	static String value(List<String> args, int i, String option) {
		if (i >= args.size()) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args.get(i);
	}

	/** A file or folder operand; an unknown option is refused here too. */
	static Path existingPath(String arg) {
		if (arg.startsWith("-") && arg.length() > 1) {
			throw new IllegalArgumentException("unknown option " + arg);
		}
		Path p = Path.of(arg);
		if (!Files.exists(p)) {
			throw new IllegalArgumentException(arg + ": no such file or folder");
		}
		return p;
	}
}
