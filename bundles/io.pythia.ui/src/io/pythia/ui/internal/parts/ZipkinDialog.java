// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.pythia.ui.internal.Messages;

/**
 * File &gt; Open from Zipkin...: the server, how far back, and how many traces per service. Checked as typed; OK
 * stays disabled while a value is wrong, and the message says which and why.
 */
public class ZipkinDialog extends TitleAreaDialog {

	/** What to fetch. */
	public record Request(URI server, Duration lookback, int limitPerService) {
	}

	private static Request last = new Request(URI.create("http://127.0.0.1:9411/"), Duration.ofMinutes(60), 100);

	private Text server;
	private Text minutes;
	private Text limit;
	private Request request;

	public ZipkinDialog(Shell parent) {
		super(parent);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		setTitle(Messages.ZIPKIN_TITLE);
		setMessage(Messages.ZIPKIN_MESSAGE);
		getShell().setText(Messages.ZIPKIN_SHELL);
		Composite area = (Composite) super.createDialogArea(parent);
		Composite grid = new Composite(area, SWT.NONE);
		GridLayoutFactory.swtDefaults().numColumns(2).applyTo(grid);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(grid);
		server = Widgets.field(grid, Messages.ZIPKIN_SERVER, null, last.server().toString(), 260, this::validate);
		minutes = Widgets.field(grid, Messages.ZIPKIN_LOOKBACK, null, Long.toString(last.lookback().toMinutes()), 80, this::validate);
		limit = Widgets.field(grid, Messages.ZIPKIN_LIMIT, null, Integer.toString(last.limitPerService()), 80, this::validate);
		return area;
	}

	/** The request the fields describe, or the message that says what is wrong. */
	private Object read() {
		URI uri;
		try {
			uri = URI.create(server.getText().strip());
		} catch (IllegalArgumentException e) {
			return String.format(Locale.ROOT, Messages.ZIPKIN_BAD_URL, server.getText().strip());
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
			return String.format(Locale.ROOT, Messages.ZIPKIN_BAD_URL, server.getText().strip());
		}
		long m;
		int n;
		try {
			m = Long.parseLong(minutes.getText().strip());
			n = Integer.parseInt(limit.getText().strip());
		} catch (NumberFormatException e) {
			return Messages.ZIPKIN_NOT_WHOLE;
		}
		if (m < 1 || n < 1) {
			return Messages.ZIPKIN_NOT_WHOLE;
		}
		return new Request(uri, Duration.ofMinutes(m), n);
	}

	private void validate() {
		Object r = read();
		setErrorMessage(r instanceof String message ? message : null);
		getButton(OK).setEnabled(r instanceof Request);
	}

	@Override
	protected void okPressed() {
		request = (Request) read();
		last = request;
		super.okPressed();
	}

	/** What OK asked for (null before). */
	public Request request() {
		return request;
	}
}
