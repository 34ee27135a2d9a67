// SPDX-License-Identifier: EPL-2.0
package io.pythia.services;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import io.pythia.core.analysis.Grouping;
import io.pythia.investigation.InvestigationSettings;

/**
 * Keeps the preferences in ~/.pythia-workbench/preferences.properties (the system property pythia.preferences or
 * PYTHIA_PREFERENCES override the path), so
 * they survive restarts. A missing or unreadable file means the defaults; a bad value is replaced by its default.
 */
public final class PreferencesStore {

	private PreferencesStore() {
	}

	static Path file() {
		String property = System.getProperty("pythia.preferences");
		if (property != null && !property.isBlank()) {
			return Path.of(property);
		}
		String env = System.getenv("PYTHIA_PREFERENCES");
		return env != null && !env.isBlank() ? Path.of(env)
				: Path.of(System.getProperty("user.home"), ".pythia-workbench", "preferences.properties");
	}

	public static InvestigationSettings load() {
		InvestigationSettings d = InvestigationSettings.DEFAULTS;
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file())) {
			p.load(r);
		} catch (IOException e) {
			return d;
		}
		try {
			return new InvestigationSettings(number(p, "cvThreshold", d.cvThreshold()), (int) number(p, "minTraces", d.minTraces()),
					(int) number(p, "perCycle", d.perCycle()), number(p, "totalFraction", d.totalFraction()),
					p.getProperty("strategy", d.strategy()), number(p, "localizedShare", d.localizedShare()),
					(int) number(p, "maxCycles", d.maxCycles()), number(p, "windowSeconds", d.windowSeconds()),
					Grouping.of(p.getProperty("grouping", d.grouping().label())),
					InvestigationSettings.parseSlos(p.getProperty("slos", "")));
		} catch (IllegalArgumentException e) {
			// a file edited by hand must not keep the workbench from starting: the defaults stand, and it says why
			System.err.println("pythia: " + file() + ": " + e.getMessage() + "; using the default preferences");
			return d;
		}
	}

	private static double number(Properties p, String key, double fallback) {
		try {
			return Double.parseDouble(p.getProperty(key, Double.toString(fallback)));
		} catch (NumberFormatException e) {
			return fallback;
		}
	}

	public static void save(InvestigationSettings s) {
		Properties p = new Properties();
		p.setProperty("cvThreshold", Double.toString(s.cvThreshold()));
		p.setProperty("minTraces", Integer.toString(s.minTraces()));
		p.setProperty("perCycle", Integer.toString(s.perCycle()));
		p.setProperty("totalFraction", Double.toString(s.totalFraction()));
		p.setProperty("strategy", s.strategy().toLowerCase(Locale.ROOT));
		p.setProperty("localizedShare", Double.toString(s.localizedShare()));
		p.setProperty("maxCycles", Integer.toString(s.maxCycles()));
		p.setProperty("windowSeconds", Double.toString(s.windowSeconds()));
		p.setProperty("grouping", s.grouping().label());
		p.setProperty("slos", InvestigationSettings.formatSlos(s.slosMillis()));
		try {
			Files.createDirectories(file().getParent());
			try (Writer w = Files.newBufferedWriter(file())) {
				p.store(w, "Pythia Workbench preferences");
			}
		} catch (IOException e) {
			// preferences that cannot be saved still apply to this run
		}
	}
}
