// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pythia.core.json.JsonText;

/**
 * An investigation session on disk: one JSON object per line, appended, never rewritten. Decisions are forced to
 * the disk before the call returns, so a crash or kill at any point loses nothing that was decided; a line cut short
 * by a kill is skipped when the journal is read back.
 */
public final class SessionJournal implements AutoCloseable {

	/** What reading a journal found: its records, and how many lines were unreadable (a torn last write). */
	public record Contents(List<Map<String, Object>> records, int skippedLines) {
	}

	private final FileChannel channel;

	public SessionJournal(Path file) throws IOException {
		this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
	}

	/** Appends a record; with {@code durable} it is on the disk when this returns. */
	public synchronized void append(Map<String, Object> record, boolean durable) throws IOException {
		byte[] line = (JsonText.write(record) + "\n").getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.wrap(line);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
		if (durable) {
			channel.force(false);
		}
	}

	@SuppressWarnings("unchecked")
	public static Contents read(Path file) throws IOException {
		List<Map<String, Object>> records = new ArrayList<>();
		int skipped = 0;
		if (!Files.exists(file)) {
			return new Contents(records, 0);
		}
		// decoded leniently: a write torn inside a multi-byte character must not hide the lines before it
		for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			try {
				Object o = JsonText.parse(line);
				if (o instanceof Map<?, ?> m) {
					records.add((Map<String, Object>) m);
				} else {
					skipped++;
				}
			} catch (IllegalArgumentException e) {
				skipped++;
			}
		}
		return new Contents(records, skipped);
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
