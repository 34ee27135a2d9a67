// SPDX-License-Identifier: EPL-2.0
package io.pythia.lab.otel.ops;

import io.pythia.lab.otel.Operation;
import io.pythia.lab.otel.OtelLabService;

/** The operation create_server: each method is one step or sub-step, a span through the javaagent's methods.include. */
public final class CreateServer extends Operation {

	public CreateServer(OtelLabService service) {
		super(service, "create_server");
	}

	@Override
	public void prepare() {
		prepareCheck();
		prepareWork();
		prepareRecord();
	}

	public void prepareCheck() {
		substep("prepare", "check");
	}

	public void prepareWork() {
		substep("prepare", "work");
	}

	public void prepareRecord() {
		substep("prepare", "record");
	}

	@Override
	public void execute() {
		executeCheck();
		executeWork();
		executeRecord();
	}

	public void executeCheck() {
		substep("execute", "check");
	}

	public void executeWork() {
		substep("execute", "work");
	}

	public void executeRecord() {
		substep("execute", "record");
	}

	@Override
	public void finish() {
		finishCheck();
		finishWork();
		finishRecord();
	}

	public void finishCheck() {
		substep("finish", "check");
	}

	public void finishWork() {
		substep("finish", "work");
	}

	public void finishRecord() {
		substep("finish", "record");
	}
}
