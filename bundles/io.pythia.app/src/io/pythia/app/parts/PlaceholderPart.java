// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.parts;

import jakarta.annotation.PostConstruct;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * Stands in for a view that a later capability fills: it names the view and says what will live there, so the
 * perspective already shows the shape of an investigation. The text comes from the part's "capability" state in
 * Application.e4xmi.
 */
public class PlaceholderPart {

	/** Key of the persisted state in the application model that describes the capability. */
	public static final String CAPABILITY_KEY = "capability";
	private static final String CSS_CLASS = "org.eclipse.e4.ui.css.CssClassName";

	@PostConstruct
	public void createControls(Composite parent, MPart part) {
		parent.setLayout(new FillLayout());
		Composite body = new Composite(parent, SWT.NONE);
		body.setData(CSS_CLASS, "pythia-placeholder");
		GridLayoutFactory.fillDefaults().margins(16, 16).spacing(0, 8).applyTo(body);

		Label title = new Label(body, SWT.NONE);
		title.setText(part.getLabel());
		title.setData(CSS_CLASS, "pythia-placeholder-title");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(title);

		Label capability = new Label(body, SWT.WRAP);
		String text = part.getPersistedState().getOrDefault(CAPABILITY_KEY, "");
		capability.setText(text + "\n\nNot available in this build yet.");
		capability.setData(CSS_CLASS, "pythia-placeholder");
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(capability);
	}
}
