// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * What a part shows, read off its widgets as the engineer reads the screen: the parts have no getters for tests.
 * Call it on the UI thread.
 */
final class Shown {

	private Shown() {
	}

	static Composite root(MPart part) {
		return (Composite) part.getWidget();
	}

	/**
	 * The rows of the part's {@code index}-th table (in creation order), the first {@code columns} cells (all when
	 * negative) joined by {@code separator}.
	 */
	static List<String> rows(MPart part, int index, String separator, int columns) {
		Table table = InvestigationViewsTest.all(root(part), Table.class).get(index);
		int n = columns < 0 ? table.getColumnCount() : columns;
		List<String> out = new ArrayList<>();
		for (TableItem item : table.getItems()) {
			StringBuilder sb = new StringBuilder();
			for (int c = 0; c < n; c++) {
				sb.append(c == 0 ? "" : separator).append(item.getText(c));
			}
			out.add(sb.toString());
		}
		return out;
	}

	/** The part's tree, depth-first: "indent name | state | count". */
	static List<String> tree(MPart part) {
		List<String> out = new ArrayList<>();
		for (TreeItem i : InvestigationViewsTest.all(root(part), Tree.class).get(0).getItems()) {
			lines(i, "", out);
		}
		return out;
	}

	/** Opens every row of the part's tree as clicks on the expanders do, so that the viewer fills in the children. */
	static void expandAll(MPart part) {
		Tree tree = InvestigationViewsTest.all(root(part), Tree.class).get(0);
		for (TreeItem i : tree.getItems()) {
			expand(tree, i);
		}
	}

	private static void expand(Tree tree, TreeItem item) {
		if (item.getItemCount() == 0) {
			return;
		}
		if (!item.getExpanded()) {
			Event e = new Event();
			e.item = item;
			tree.notifyListeners(SWT.Expand, e);
			item.setExpanded(true);
		}
		for (TreeItem c : item.getItems()) {
			expand(tree, c);
		}
	}

	private static void lines(TreeItem item, String indent, List<String> out) {
		out.add(indent + item.getText(0) + " | " + item.getText(1) + " | " + item.getText(2));
		for (TreeItem c : item.getItems()) {
			lines(c, indent + "  ", out);
		}
	}

	/** The text of the part's first label that {@code which} accepts, or "". */
	static String label(MPart part, Predicate<String> which) {
		for (Label l : InvestigationViewsTest.all(root(part), Label.class)) {
			if (which.test(l.getText())) {
				return l.getText();
			}
		}
		return "";
	}

	/** The proposals part's agent summary: "N agents connected; ..." before a push, "Last push: ..." after. */
	static String agentSummary(MPart proposals) {
		return label(proposals, t -> t.startsWith("Last push") || t.contains("agents connected"));
	}
}
