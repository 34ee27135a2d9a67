// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.ProcessingTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.pythia.control.AnalysedWindows;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceFormatException;
import io.pythia.importers.OtlpSpans;
import io.pythia.search.SearchSpace;

/**
 * The live loop's windows as a Flink streaming job: it reads OTLP protobuf export requests from a Kafka topic (as
 * the OpenTelemetry Collector's Kafka exporter writes them), keys their spans by trace id, assembles each trace in
 * a processing-time session window (a trace is complete once no span of it came for the gap), and assembles and
 * analyses the traces of each collection window (by their root span's start) into one accumulator, as the local
 * collector and analysis would. Each window's analysis goes to a report topic of its own, which {@link #open} reads.
 * <p>
 * Bad input never stops the job: a message that is not an OTLP export request (or that holds a span without ids,
 * which the importer refuses whole) and a trace that cannot be assembled are counted in the window they arrived in,
 * with the first reasons. Records between tasks are tuples of bytes (spans in {@link SpanCodec}'s form), so Flink
 * needs no type information for the core's classes.
 */
public final class FlinkLiveWindows implements AnalysedWindows {

	/** The Collector's Kafka exporter's default topic. */
	public static final String SPANS_TOPIC = "otlp_spans";

	/** How long after a window's end (plus the session gap) its report waits for traces still completing. */
	static final long GRACE_MILLIS = 1000;

	private static final int KIND_TRACE = 0;
	private static final int KIND_BAD_MESSAGE = 1;
	private static final int PROBLEMS_KEPT = 5;

	/**
	 * What the job is told.
	 *
	 * @param bootstrap    the Kafka broker, HOST:PORT
	 * @param spansTopic   where the export requests are
	 * @param reportTopic  where the job writes its windows
	 * @param windowMillis a collection window's length
	 * @param gapMillis    the session gap: a trace is complete once no span of it came for this long
	 * @param fromMillis   read the spans topic from this time on (epoch ms)
	 */
	public record Job(String bootstrap, String spansTopic, String reportTopic, long windowMillis, long gapMillis,
			long fromMillis, AnalysisOptions options) implements Serializable {
	}

	/** One window as it travels to the report topic. */
	record Partial(long window, long windowMillis, Analysis analysis, SearchSpace.Builder space, long traces,
			long incomplete, long rejected, long badMessages, List<String> problems) implements Serializable {
	}

	private final Job job;
	private final JobClient client;
	private final KafkaConsumer<byte[], byte[]> reports;
	private final TreeMap<Long, AnalysedWindows.Window> arrived = new TreeMap<>();

	private FlinkLiveWindows(Job job, JobClient client, KafkaConsumer<byte[], byte[]> reports) {
		this.job = job;
		this.client = client;
		this.reports = reports;
	}

	/**
	 * Creates the report topic, submits the job and reads its windows.
	 *
	 * @throws IOException when the broker or the cluster cannot be reached
	 */
	public static FlinkLiveWindows open(StreamExecutionEnvironment env, String bootstrap, long windowMillis,
			long gapMillis, AnalysisOptions options) throws IOException {
		Job job = new Job(bootstrap, SPANS_TOPIC, "pythia-windows-" + UUID.randomUUID(), windowMillis, gapMillis,
				System.currentTimeMillis(), options);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
			admin.createTopics(List.of(new NewTopic(job.reportTopic(), 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
		} catch (ExecutionException | TimeoutException e) {
			throw new IOException("cannot reach Kafka at " + bootstrap + " to create the report topic: " + JavaBytes.rootMessage(e), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
		build(env, job);
		JobClient client;
		try {
			client = env.executeAsync("pythia live windows from " + bootstrap);
		} catch (Exception e) {
			deleteTopic(job);
			throw new IOException("cannot submit the streaming job: " + JavaBytes.rootMessage(e), e);
		}
		Properties p = new Properties();
		p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
		KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
		TopicPartition partition = new TopicPartition(job.reportTopic(), 0);
		consumer.assign(List.of(partition));
		consumer.seekToBeginning(List.of(partition));
		return new FlinkLiveWindows(job, client, consumer);
	}

	/** Lays the job out on {@code env}. */
	static void build(StreamExecutionEnvironment env, Job job) {
		KafkaSource<byte[]> source = KafkaSource.<byte[]>builder().setBootstrapServers(job.bootstrap())
				.setTopics(job.spansTopic()).setGroupId(job.reportTopic())
				// from the job's submission on: spans sent while its tasks deploy are not lost
				.setStartingOffsets(OffsetsInitializer.timestamp(job.fromMillis()))
				.setValueOnlyDeserializer(new RawBytes()).build();
		OutputTag<Tuple3<Long, Integer, byte[]>> bad = new OutputTag<>("bad-messages",
				TypeInformation.of(new TypeHint<Tuple3<Long, Integer, byte[]>>() {
				}));
		SingleOutputStreamOperator<Tuple2<String, byte[]>> spans = env
				.fromSource(source, WatermarkStrategy.noWatermarks(), job.spansTopic())
				.process(new DecodeRequests(job.windowMillis(), bad))
				.returns(TypeInformation.of(new TypeHint<Tuple2<String, byte[]>>() {
				})).name("decode OTLP");
		DataStream<Tuple3<Long, Integer, byte[]>> traces = spans.keyBy(s -> s.f0)
				.window(ProcessingTimeSessionWindows.withGap(Duration.ofMillis(job.gapMillis())))
				.process(new AssembleTrace(job.windowMillis()))
				.returns(TypeInformation.of(new TypeHint<Tuple3<Long, Integer, byte[]>>() {
				})).name("assemble traces");
		traces.union(spans.getSideOutput(bad)).keyBy(t -> t.f0)
				.process(new AnalyseWindow(job))
				.returns(TypeInformation.of(byte[].class)).name("analyse windows")
				.sinkTo(KafkaSink.<byte[]>builder().setBootstrapServers(job.bootstrap())
						.setRecordSerializer(KafkaRecordSerializationSchema.<byte[]>builder().setTopic(job.reportTopic())
								.setValueSerializationSchema(new AsIs()).build())
						.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build())
				.name("window reports");
	}

	@Override
	public AnalysedWindows.Window poll(long notBeforeMillis, Duration wait) throws IOException {
		long end = System.currentTimeMillis() + wait.toMillis();
		do {
			AnalysedWindows.Window w = earliest(notBeforeMillis);
			if (w != null) {
				return w;
			}
			failIfJobEnded();
			for (ConsumerRecord<byte[], byte[]> r : reports.poll(Duration.ofMillis(Math.max(1, Math.min(200, end - System.currentTimeMillis()))))) {
				Partial p = JavaBytes.read(r.value(), Partial.class);
				arrived.put(p.window() * p.windowMillis(), new AnalysedWindows.Window(p.window() * p.windowMillis(),
						(p.window() + 1) * p.windowMillis(), p.analysis().report(), p.space(), p.traces(), p.incomplete(),
						p.rejected(), p.badMessages(), p.problems()));
			}
		} while (System.currentTimeMillis() < end);
		return earliest(notBeforeMillis);
	}

	private AnalysedWindows.Window earliest(long notBeforeMillis) {
		arrived.headMap(notBeforeMillis).clear(); // older windows are never asked for again
		return arrived.isEmpty() ? null : arrived.firstEntry().getValue();
	}

	private void failIfJobEnded() throws IOException {
		try {
			org.apache.flink.api.common.JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
			if (status.isGloballyTerminalState()) {
				String cause = "";
				try {
					client.getJobExecutionResult().get(10, TimeUnit.SECONDS);
				} catch (ExecutionException e) {
					cause = ": " + JavaBytes.rootMessage(e);
				}
				throw new IOException("the streaming job ended (" + status + ")" + cause);
			}
		} catch (ExecutionException | TimeoutException e) {
			throw new IOException("cannot reach the Flink cluster to follow the streaming job: " + JavaBytes.rootMessage(e), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
	}

	@Override
	public String describe() {
		return "Kafka " + job.bootstrap() + ", topic " + job.spansTopic() + " (through the Flink job " + client.getJobID() + ")";
	}

	@Override
	public void close() {
		try {
			client.cancel().get(30, TimeUnit.SECONDS);
		} catch (ExecutionException | TimeoutException e) {
			// ended already, or the cluster is gone: nothing of it is left to end
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			reports.close();
			deleteTopic(job);
		}
	}

	private static void deleteTopic(Job job) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, job.bootstrap(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
			admin.deleteTopics(List.of(job.reportTopic())).all().get(10, TimeUnit.SECONDS);
		} catch (Exception e) {
			// a topic left behind costs its retention time only
		}
	}

	/** The topic's records as they are. */
	static final class RawBytes extends AbstractDeserializationSchema<byte[]> {
		private static final long serialVersionUID = 1L;

		@Override
		public byte[] deserialize(byte[] message) {
			return message;
		}
	}

	/** A window report's bytes as they are. */
	static final class AsIs implements SerializationSchema<byte[]> {
		private static final long serialVersionUID = 1L;

		@Override
		public byte[] serialize(byte[] element) {
			return element;
		}
	}

	/** Export requests to (trace id, span) pairs; a bad request goes to the side output, counted in its window. */
	static final class DecodeRequests extends ProcessFunction<byte[], Tuple2<String, byte[]>> {
		private static final long serialVersionUID = 1L;
		private final long windowMillis;
		private final OutputTag<Tuple3<Long, Integer, byte[]>> bad;
		private transient Interner interner;

		DecodeRequests(long windowMillis, OutputTag<Tuple3<Long, Integer, byte[]>> bad) {
			this.windowMillis = windowMillis;
			this.bad = bad;
		}

		@Override
		public void processElement(byte[] message, Context ctx, Collector<Tuple2<String, byte[]>> out) {
			if (interner == null) {
				interner = new Interner();
			}
			List<Tuple2<String, byte[]>> spans = new ArrayList<>();
			try {
				OtlpSpans.readProtobuf("message", message == null ? new byte[0] : message, interner,
						(traceId, span) -> spans.add(Tuple2.of(traceId, SpanCodec.encode(span))));
			} catch (TraceFormatException e) {
				ctx.output(bad, Tuple3.of(System.currentTimeMillis() / windowMillis, KIND_BAD_MESSAGE,
						e.getMessage().getBytes(StandardCharsets.UTF_8)));
				return;
			}
			spans.forEach(out::collect);
		}
	}

	/**
	 * A trace's spans, once its session closed, as one record keyed by the window the trace started in (its earliest
	 * span's start: its root's, unless the root never came). It is assembled where its window is analysed.
	 */
	static final class AssembleTrace
			extends ProcessWindowFunction<Tuple2<String, byte[]>, Tuple3<Long, Integer, byte[]>, String, TimeWindow> {
		private static final long serialVersionUID = 1L;
		private final long windowMillis;

		AssembleTrace(long windowMillis) {
			this.windowMillis = windowMillis;
		}

		@Override
		public void process(String traceId, Context ctx, Iterable<Tuple2<String, byte[]>> elements,
				Collector<Tuple3<Long, Integer, byte[]>> out) {
			List<byte[]> spans = new ArrayList<>();
			long start = Long.MAX_VALUE;
			for (Tuple2<String, byte[]> e : elements) {
				spans.add(e.f1);
				start = Math.min(start, SpanCodec.startNanos(e.f1));
			}
			out.collect(Tuple3.of(start / 1_000_000 / windowMillis, KIND_TRACE, SpanCodec.trace(traceId, spans)));
		}
	}

	/**
	 * One collection window's traces and bad input into one accumulator, sent once the window is over and its
	 * traces have had the session gap and a grace time to complete. What comes later is counted in a later window.
	 */
	static final class AnalyseWindow extends KeyedProcessFunction<Long, Tuple3<Long, Integer, byte[]>, byte[]> {
		private static final long serialVersionUID = 1L;
		private final Job job;
		/** Per window of this task: kept on the heap (the job keeps no checkpoints: a lost window is collected again). */
		private transient Map<Long, Open> open;
		private transient SpanTraceAssembler assembler;
		private transient Interner interner;
		private transient long late;

		/** A window being filled; {@link #sent} makes the {@link Partial} that travels. */
		private final class Open {
			final long window;
			final Analysis analysis = new Analysis(job.options());
			final SearchSpace.Builder space = new SearchSpace.Builder(job.options().requestTypeRule());
			final List<String> problems = new ArrayList<>();
			long traces;
			long incomplete;
			long rejected;
			long badMessages;

			Open(long window) {
				this.window = window;
			}

			void note(String reason) {
				if (problems.size() < PROBLEMS_KEPT) {
					problems.add(reason);
				}
			}

			Partial sent() {
				return new Partial(window, job.windowMillis(), analysis, space, traces, incomplete, rejected, badMessages,
						problems);
			}
		}

		AnalyseWindow(Job job) {
			this.job = job;
		}

		@Override
		public void processElement(Tuple3<Long, Integer, byte[]> item, Context ctx, Collector<byte[]> out) {
			if (open == null) {
				open = new TreeMap<>();
				interner = new Interner();
				assembler = new SpanTraceAssembler("otlp", interner, w -> {
				});
			}
			long window = item.f0;
			long due = (window + 1) * job.windowMillis() + job.gapMillis() + GRACE_MILLIS;
			Open w = open.get(window);
			if (w == null) {
				if (due <= ctx.timerService().currentProcessingTime()) {
					late++; // its window has been sent
					return;
				}
				w = new Open(window);
				open.put(window, w);
				ctx.timerService().registerProcessingTimeTimer(due);
			}
			if (item.f1 != KIND_TRACE) {
				w.badMessages++;
				w.note(new String(item.f2, StandardCharsets.UTF_8));
				return;
			}
			Map.Entry<String, List<SpanInput>> spans = SpanCodec.decodeTrace(item.f2, interner);
			try {
				Trace t = assembler.assemble(spans.getKey(), spans.getValue());
				if (SpanTraceAssembler.SYNTHETIC_ROOT.equals(t.tracepoint(t.rootEvent()))) {
					w.incomplete++; // its root never arrived: no response time to analyse (as the local collector decides)
				} else {
					w.analysis.accept(t);
					w.space.add(t);
					w.traces++;
				}
			} catch (TraceFormatException e) {
				w.rejected++;
				w.note("trace " + spans.getKey() + ": " + e.getMessage());
			}
		}

		@Override
		public void onTimer(long timestamp, OnTimerContext ctx, Collector<byte[]> out) {
			Open w = open == null ? null : open.remove(ctx.getCurrentKey());
			if (w == null) {
				return;
			}
			if (late > 0) {
				w.problems.add(late + " trace(s) came after their window was sent");
				late = 0;
			}
			out.collect(JavaBytes.write(w.sent()));
		}
	}
}
