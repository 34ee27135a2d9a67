// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

/** Version and build id of the running product, read from this bundle's manifest (a build stamps every bundle alike). */
public record BuildInfo(String version, String build) {

	public static BuildInfo ofRunningProduct() {
		Bundle bundle = FrameworkUtil.getBundle(BuildInfo.class);
		return of(bundle == null ? Version.emptyVersion : bundle.getVersion());
	}

	/** The build qualifier is a timestamp (yyyyMMddHHmm) set by the build; "qualifier" means an IDE build. */
	static BuildInfo of(Version v) {
		String qualifier = v.getQualifier();
		String build = qualifier.matches("\\d{12}")
				? qualifier.substring(0, 4) + "-" + qualifier.substring(4, 6) + "-" + qualifier.substring(6, 8) + " "
						+ qualifier.substring(8, 10) + ":" + qualifier.substring(10, 12) + " UTC"
				: (qualifier.isEmpty() ? "development" : qualifier);
		return new BuildInfo(v.getMajor() + "." + v.getMinor() + "." + v.getMicro(), build);
	}
}
