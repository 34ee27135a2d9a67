// SPDX-License-Identifier: EPL-2.0
package io.pythia.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Accumulators as the jobs send them to the client: Java-serialized bytes, so Flink needs no type information for
 * the core's classes. Client and tasks must run the same build of the core.
 */
final class JavaBytes {

	private JavaBytes() {
	}

	static byte[] write(Serializable o) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(o);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot serialize " + o.getClass().getName(), e);
		}
		return bytes.toByteArray();
	}

	static <T> T read(byte[] bytes, Class<T> type) throws IOException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return type.cast(in.readObject());
		} catch (ClassNotFoundException e) {
			throw new IOException("bytes from the job name a class this client lacks (another build?): " + e.getMessage(), e);
		}
	}

	/** The innermost cause's message: what a job's failure, wrapped by Flink many times, is about. */
	static String rootMessage(Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t) {
			t = t.getCause();
		}
		return t.getMessage() == null ? t.toString() : t.getMessage();
	}
}
