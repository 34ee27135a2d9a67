// SPDX-License-Identifier: EPL-2.0
package io.pythia.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

/**
 * OTLP/gRPC in: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} on grpc-java's Netty server.
 * The request's bytes go to the same protobuf decoder as OTLP/HTTP's; a request it cannot read gets
 * INVALID_ARGUMENT with the reason, as the OTLP specification asks, and nothing else is lost.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {

	static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";

	/** Takes one request's bytes; returns null when they were read, else why not. */
	@FunctionalInterface
	interface Handler {
		String export(byte[] request);
	}

	/** The request and response as bytes: the decoding is the collector's. */
	static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	};

	/** TraceService/Export, its messages as bytes: what a sender calls (the ingest benchmark, the tests). */
	public static final MethodDescriptor<byte[], byte[]> EXPORT = MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Export"))
			.setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

	/** An empty ExportTraceServiceResponse: all spans accepted. */
	private static final byte[] ACCEPTED = new byte[0];

	private final Server server;

	OtlpGrpcReceiver(int port, Handler handler) throws IOException {
		ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
				.addMethod(EXPORT, ServerCalls.asyncUnaryCall((request, response) -> {
					String error = handler.export(request);
					if (error == null) {
						response.onNext(ACCEPTED);
						response.onCompleted();
					} else {
						response.onError(Status.INVALID_ARGUMENT.withDescription(error).asRuntimeException());
					}
				})).build();
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(service)
				.maxInboundMessageSize(64 << 20).build().start();
	}

	int port() {
		return server.getPort();
	}

	@Override
	public void close() {
		server.shutdownNow();
		try {
			server.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
