// SPDX-License-Identifier: EPL-2.0
package io.pythia.investigation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pythia.core.LatencySummary;
import io.pythia.core.analysis.AttributeEffect;
import io.pythia.search.CycleEngine;
import io.pythia.search.Finding;
import io.pythia.search.InstrumentationState;
import io.pythia.search.Journal;
import io.pythia.search.JournalRecord;
import io.pythia.search.Proposal;
import io.pythia.search.StopReason;

/**
 * A session journal on disk: one JSON object per line, appended, never rewritten. Durable records are forced to the
 * disk before {@link #append} returns, so a crash or kill at any point loses nothing that was decided; a line cut
 * short by a kill is skipped when the journal is read back, and so is a record of a type this version does not
 * know (a later version's).
 */
public final class JsonlJournal implements Journal {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Path file;
	private final List<JournalRecord> records;
	private final int skipped;
	private final FileChannel channel;

	private JsonlJournal(Path file, List<JournalRecord> records, int skipped) throws IOException {
		this.file = file;
		this.records = List.copyOf(records);
		this.skipped = skipped;
		this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
	}

	/** Opens a journal for appending, reading what it holds first; an absent file is a new, empty journal. */
	public static JsonlJournal open(Path file) throws IOException {
		Contents c = read(file);
		return new JsonlJournal(file, c.records(), c.skipped());
	}

	/** What a journal file holds, and how many lines could not be read back. */
	public record Contents(List<JournalRecord> records, int skipped) {
	}

	/** Reads a journal without opening it for writing. */
	public static Contents read(Path file) throws IOException {
		List<JournalRecord> out = new ArrayList<>();
		int skipped = 0;
		if (!Files.exists(file)) {
			return new Contents(out, 0);
		}
		// decoded leniently: a write torn inside a multi-byte character must not hide the lines before it
		for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			try {
				JournalRecord r = decode(JSON.readTree(line));
				if (r != null) {
					out.add(r);
				} else {
					skipped++;
				}
			} catch (JsonProcessingException | RuntimeException e) {
				skipped++;
			}
		}
		return new Contents(out, skipped);
	}

	public Path file() {
		return file;
	}

	@Override
	public List<JournalRecord> records() {
		return records;
	}

	@Override
	public int skippedRecords() {
		return skipped;
	}

	@Override
	public synchronized void append(JournalRecord record, boolean durable) throws IOException {
		byte[] line = (JSON.writeValueAsString(encode(record)) + "\n").getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.wrap(line);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
		if (durable) {
			channel.force(false);
		}
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}

	@Override
	public String toString() {
		return file.toString();
	}

	// --- the line format (unchanged since the first journals; "localized" records added, which older versions skip) ---

	static ObjectNode encode(JournalRecord record) {
		ObjectNode o = JSON.createObjectNode();
		o.put("type", switch (record) {
		case JournalRecord.Start s -> "start";
		case JournalRecord.PhaseChange p -> "phase";
		case JournalRecord.Proposals p -> "proposals";
		case JournalRecord.Decided d -> "decision";
		case JournalRecord.Pushed p -> "pushed";
		case JournalRecord.Localized l -> "localized";
		case JournalRecord.Stopped s -> "stop";
		});
		o.put("cycle", record.cycle());
		o.put("time", record.time());
		switch (record) {
		case JournalRecord.Start s -> o.set("toggles", toggles(s.toggles()));
		case JournalRecord.PhaseChange p -> o.put("phase", p.phase().name());
		case JournalRecord.Proposals p -> {
			ArrayNode items = o.putArray("items");
			for (Proposal x : p.items()) {
				ObjectNode m = items.addObject();
				m.put("action", x.action().name());
				m.put("tracepoint", x.toggle().tracepoint());
				m.put("requestType", x.toggle().requestType());
				m.put("strategy", x.strategy());
				m.put("group", x.groupId());
				m.put("edge", x.edge());
				m.put("share", x.share());
				m.put("reason", x.reason());
			}
			if (p.thenStop() != null) {
				o.put("thenStop", p.thenStop().label());
				o.put("localized", p.localized());
			}
		}
		case JournalRecord.Decided d -> {
			o.put("index", d.index());
			o.put("decision", d.decision().name());
			o.put("requestType", d.requestType());
		}
		case JournalRecord.Pushed p -> {
			o.set("enabled", toggles(p.enabled()));
			o.set("disabled", toggles(p.disabled()));
		}
		case JournalRecord.Localized l -> {
			o.put("tracepoint", l.finding().tracepoint());
			o.put("requestType", l.finding().requestType());
			o.put("group", l.finding().groupId());
			o.put("edge", l.finding().edge());
			o.put("share", l.finding().share());
			if (l.finding().evidence() != null) {
				o.set("evidence", evidence(l.finding().evidence()));
			}
		}
		case JournalRecord.Stopped s -> {
			o.put("reason", s.reason().label());
			o.put("localized", s.localized());
			o.put("enabled", s.enabled());
		}
		}
		return o;
	}

	/** The record of one line, or null for a type this version does not know. */
	static JournalRecord decode(JsonNode o) {
		int cycle = required(o, "cycle").asInt();
		long time = o.path("time").asLong();
		return switch (required(o, "type").asText()) {
		case "start" -> new JournalRecord.Start(cycle, time, toggles(required(o, "toggles")));
		case "phase" -> new JournalRecord.PhaseChange(cycle, time, CycleEngine.Phase.valueOf(required(o, "phase").asText()));
		case "proposals" -> {
			List<Proposal> items = new ArrayList<>();
			for (JsonNode m : required(o, "items")) {
				items.add(new Proposal(Proposal.Action.valueOf(required(m, "action").asText()),
						new InstrumentationState.Toggle(required(m, "tracepoint").asText(), text(m, "requestType")),
						text(m, "strategy"), text(m, "group"), text(m, "edge"), m.path("share").asDouble(),
						text(m, "reason")));
			}
			String thenStop = text(o, "thenStop");
			yield new JournalRecord.Proposals(cycle, time, items, thenStop == null ? null : StopReason.ofLabel(thenStop),
					text(o, "localized"));
		}
		case "decision" -> new JournalRecord.Decided(cycle, time, required(o, "index").asInt(),
				CycleEngine.Decision.valueOf(required(o, "decision").asText()), text(o, "requestType"));
		case "pushed" -> new JournalRecord.Pushed(cycle, time, toggles(required(o, "enabled")),
				toggles(required(o, "disabled")));
		case "localized" -> new JournalRecord.Localized(cycle, time, new Finding(required(o, "tracepoint").asText(),
				text(o, "requestType"), text(o, "group"), text(o, "edge"), o.path("share").asDouble(),
				o.hasNonNull("evidence") ? evidence(o.get("evidence")) : null));
		case "stop" -> new JournalRecord.Stopped(cycle, time, StopReason.ofLabel(required(o, "reason").asText()),
				text(o, "localized"), o.path("enabled").asInt());
		default -> null;
		};
	}

	private static ObjectNode evidence(Finding.Evidence e) {
		ObjectNode o = JSON.createObjectNode();
		o.put("reason", e.reason());
		LatencySummary l = e.latency();
		o.putArray("latency").add(l.count()).add(l.mean()).add(l.variance()).add(l.p50()).add(l.p90()).add(l.p99());
		o.put("low", e.lowNanos());
		o.put("high", e.highNanos());
		ArrayNode bins = o.putArray("bins");
		e.bins().forEach(bins::add);
		o.put("edgeMean", e.edgeMeanNanos());
		ArrayNode attributes = o.putArray("attributes");
		for (AttributeEffect a : e.attributes()) {
			ObjectNode m = attributes.addObject();
			m.put("key", a.key());
			m.put("value", a.value());
			m.put("kind", a.kind().name());
			m.put("traces", a.traces());
			number(m, "mean", a.meanNanos());
			number(m, "othersMean", a.othersMeanNanos());
			number(m, "correlation", a.correlation());
			m.put("varianceExplained", a.varianceExplained());
			m.put("p", a.p());
		}
		return o;
	}

	private static Finding.Evidence evidence(JsonNode o) {
		JsonNode l = required(o, "latency");
		if (!l.isArray() || l.size() != 6) {
			throw new IllegalArgumentException("journal record with a malformed 'latency'");
		}
		List<Integer> bins = new ArrayList<>();
		required(o, "bins").forEach(b -> bins.add(b.asInt()));
		List<AttributeEffect> attributes = new ArrayList<>();
		for (JsonNode m : o.path("attributes")) {
			attributes.add(new AttributeEffect(required(m, "key").asText(), text(m, "value"),
					AttributeEffect.Kind.valueOf(required(m, "kind").asText()), m.path("traces").asInt(), number(m, "mean"),
					number(m, "othersMean"), number(m, "correlation"), m.path("varianceExplained").asDouble(),
					m.path("p").asDouble()));
		}
		return new Finding.Evidence(text(o, "reason"), new LatencySummary(l.get(0).asInt(), l.get(1).asDouble(),
				l.get(2).asDouble(), l.get(3).asDouble(), l.get(4).asDouble(), l.get(5).asDouble()),
				o.path("low").asDouble(), o.path("high").asDouble(), bins, o.path("edgeMean").asDouble(), attributes);
	}

	/** NaN (no such figure) is written as null: JSON has no NaN. */
	private static void number(ObjectNode o, String field, double v) {
		if (Double.isNaN(v)) {
			o.putNull(field);
		} else {
			o.put(field, v);
		}
	}

	private static double number(JsonNode o, String field) {
		JsonNode v = o.get(field);
		return v == null || v.isNull() ? Double.NaN : v.asDouble();
	}

	private static JsonNode required(JsonNode o, String field) {
		JsonNode v = o.get(field);
		if (v == null || v.isNull()) {
			throw new IllegalArgumentException("journal record without '" + field + "'");
		}
		return v;
	}

	private static String text(JsonNode o, String field) {
		JsonNode v = o.get(field);
		return v == null || v.isNull() ? null : v.asText();
	}

	private static ArrayNode toggles(List<InstrumentationState.Toggle> toggles) {
		ArrayNode a = JSON.createArrayNode();
		for (InstrumentationState.Toggle t : toggles) {
			a.addArray().add(t.tracepoint()).add(t.requestType());
		}
		return a;
	}

	private static List<InstrumentationState.Toggle> toggles(JsonNode array) {
		List<InstrumentationState.Toggle> out = new ArrayList<>();
		for (JsonNode pair : array) {
			out.add(new InstrumentationState.Toggle(pair.get(0).asText(), pair.get(1).isNull() ? null : pair.get(1).asText()));
		}
		return out;
	}
}
