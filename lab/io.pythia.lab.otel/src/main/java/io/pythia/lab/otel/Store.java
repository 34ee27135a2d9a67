// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.otel;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A service's embedded H2 database, written through plain JDBC (the javaagent makes a span of each statement). */
final class Store {

	private final String url;
	private final ThreadLocal<Connection> connections;

	Store(String service) {
		this.url = "jdbc:h2:mem:" + service.replace('-', '_') + ";DB_CLOSE_DELAY=-1";
		this.connections = ThreadLocal.withInitial(this::open);
		try (Statement s = open().createStatement()) {
			s.execute("CREATE TABLE IF NOT EXISTS writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, operation VARCHAR(32), "
					+ "tracepoint VARCHAR(128), at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
		} catch (SQLException e) {
			throw new IllegalStateException("cannot create the table in " + url + ": " + e.getMessage(), e);
		}
	}

	private Connection open() {
		try {
			return DriverManager.getConnection(url, "sa", "");
		} catch (SQLException e) {
			throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
		}
	}

	void write(String operation, String tracepoint) {
		try (PreparedStatement insert = connections.get().prepareStatement("INSERT INTO writes (operation, tracepoint) VALUES (?, ?)")) {
			insert.setString(1, operation);
			insert.setString(2, tracepoint);
			insert.executeUpdate();
		} catch (SQLException e) {
			throw new IllegalStateException("write to " + url + " failed: " + e.getMessage(), e);
		}
	}
}
