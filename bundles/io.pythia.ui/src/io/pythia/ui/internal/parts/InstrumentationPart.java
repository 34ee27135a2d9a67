// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.parts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.ITableColorProvider;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.ITreeViewerListener;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeExpansionEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;

import io.pythia.investigation.LiveInvestigation;
import io.pythia.services.Investigation;
import io.pythia.search.InstrumentationState;
import io.pythia.search.Proposal;
import io.pythia.search.SearchSpace;
import io.pythia.ui.internal.Messages;

/**
 * The connected system's search space as a tree: request type, then service, then the tracepoint hierarchy (each
 * tracepoint under the one whose span it runs inside), with each tracepoint's state (skeleton, enabled, proposed,
 * disabled) and how much of each subtree is enabled.
 */
public class InstrumentationPart {

	/** A tracepoint's state for one request type, in words. */
	public static String state(LiveInvestigation.Snapshot s, String requestType, SearchSpace.Tracepoint t) {
		InstrumentationState state = s.state();
		for (Proposal p : s.proposals()) {
			if (p.toggle().tracepoint().equals(t.id()) && p.toggle().requestType().equals(requestType)) {
				return p.action() == Proposal.Action.ENABLE ? Messages.TP_PROPOSED_ENABLE : Messages.TP_PROPOSED_DISABLE;
			}
		}
		if (t.skeleton()) {
			return Messages.TP_SKELETON;
		}
		return state.enabled(t.id(), requestType) ? Messages.TP_ENABLED : Messages.TP_DISABLED;
	}

	/**
	 * One row of the tree: a request type, a service or a tracepoint, with its cells (name, state, enabled count) and
	 * the subtree below it. Rows are told apart by their key (type/service/tracepoint path), so expansion survives a
	 * refresh.
	 */
	record Node(String key, String[] cells, boolean proposed, boolean on, List<Node> children) {
	}

	private static final Color PROPOSED = new Color(0xc0, 0x60, 0x00);
	private static final Color ON = new Color(0x10, 0x70, 0x20);

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Label summary;
	private TreeViewer viewer;
	private final Set<String> expanded = new HashSet<>();
	private final Set<String> collapsedTypes = new HashSet<>();

	@Inject
	public InstrumentationPart(Investigation investigation, UISynchronize sync) {
		this.investigation = investigation;
		this.sync = sync;
	}

	@PostConstruct
	public void createControls(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		summary = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(summary);
		Tree tree = new Tree(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
		tree.setHeaderVisible(true);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(tree);
		for (String[] c : new String[][] { { Messages.INSTRUMENTATION_COLUMN_TRACEPOINT, "260" },
				{ Messages.INSTRUMENTATION_COLUMN_STATE, "110" }, { Messages.INSTRUMENTATION_COLUMN_ENABLED, "80" } }) {
			TreeColumn tc = new TreeColumn(tree, SWT.NONE);
			tc.setText(c[0]);
			tc.setWidth(Integer.parseInt(c[1]));
		}
		viewer = new TreeViewer(tree);
		viewer.setComparer(new IElementComparer() {
			@Override
			public boolean equals(Object a, Object b) {
				return a instanceof Node x && b instanceof Node y ? x.key().equals(y.key()) : a == b;
			}

			@Override
			public int hashCode(Object element) {
				return element instanceof Node n ? n.key().hashCode() : System.identityHashCode(element);
			}
		});
		viewer.setContentProvider(new ITreeContentProvider() {
			@SuppressWarnings("unchecked")
			@Override
			public Object[] getElements(Object input) {
				return ((List<Node>) input).toArray();
			}

			@Override
			public Object[] getChildren(Object parentElement) {
				return ((Node) parentElement).children().toArray();
			}

			@Override
			public Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return !((Node) element).children().isEmpty();
			}
		});
		viewer.setLabelProvider(new Labels());
		viewer.addTreeListener(new ITreeViewerListener() {
			@Override
			public void treeExpanded(TreeExpansionEvent e) {
				String key = ((Node) e.getElement()).key();
				expanded.add(key);
				collapsedTypes.remove(key);
			}

			@Override
			public void treeCollapsed(TreeExpansionEvent e) {
				String key = ((Node) e.getElement()).key();
				expanded.remove(key);
				collapsedTypes.add(key);
			}
		});
		investigation.addListener(listener);
		refresh();
	}

	private static final class Labels extends LabelProvider implements ITableLabelProvider, ITableColorProvider {
		@Override
		public Image getColumnImage(Object element, int columnIndex) {
			return null;
		}

		@Override
		public String getColumnText(Object element, int columnIndex) {
			return ((Node) element).cells()[columnIndex];
		}

		@Override
		public Color getForeground(Object element, int columnIndex) {
			Node n = (Node) element;
			return n.proposed() ? PROPOSED : n.on() ? ON : null;
		}

		@Override
		public Color getBackground(Object element, int columnIndex) {
			return null;
		}
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.LIVE) {
			sync.asyncExec(() -> {
				if (!viewer.getTree().isDisposed()) {
					refresh();
				}
			});
		}
	}

	private void refresh() {
		var live = investigation.live();
		if (live.isEmpty()) {
			summary.setText(Messages.INSTRUMENTATION_EMPTY);
			viewer.setInput(List.of());
			summary.getParent().layout(true, true);
			return;
		}
		LiveInvestigation.Snapshot s = live.get().snapshot();
		SearchSpace space = live.get().space();
		summary.setText(String.format(Locale.ROOT, Messages.INSTRUMENTATION_SUMMARY,
				space.size(), s.state().count(), 100.0 * s.state().count() / Math.max(1, space.size()),
				space.skeleton().count(), s.proposals().size()));
		List<Node> roots = nodes(space, s);
		List<Node> open = new ArrayList<>();
		for (Node type : roots) {
			// request types open by default: their services are the first thing to read
			if (!collapsedTypes.contains(type.key())) {
				open.add(type);
			}
			collectExpanded(type.children(), open);
		}
		viewer.getTree().setRedraw(false);
		try {
			viewer.setInput(roots);
			viewer.setExpandedElements(open.toArray());
		} finally {
			viewer.getTree().setRedraw(true);
		}
		summary.getParent().layout(true, true);
	}

	private void collectExpanded(List<Node> nodes, List<Node> out) {
		for (Node n : nodes) {
			if (expanded.contains(n.key())) {
				out.add(n);
			}
			collectExpanded(n.children(), out);
		}
	}

	/** The tree of the search space for this snapshot: request type, service, then the calling hierarchy. */
	static List<Node> nodes(SearchSpace space, LiveInvestigation.Snapshot s) {
		List<Node> roots = new ArrayList<>();
		for (String type : new java.util.TreeSet<>(space.requestTypes())) {
			Map<String, List<SearchSpace.Tracepoint>> byService = new TreeMap<>();
			for (SearchSpace.Tracepoint t : space.tracepoints(type)) {
				byService.computeIfAbsent(t.service(), k -> new ArrayList<>()).add(t);
			}
			List<Node> services = new ArrayList<>();
			int[] typeCount = new int[2];
			for (var e : byService.entrySet()) {
				String key = type + "/" + e.getKey();
				Map<String, List<SearchSpace.Tracepoint>> children = new LinkedHashMap<>();
				Set<String> ids = new HashSet<>();
				e.getValue().forEach(t -> ids.add(t.id()));
				List<SearchSpace.Tracepoint> tops = new ArrayList<>();
				List<SearchSpace.Tracepoint> sorted = new ArrayList<>(e.getValue());
				sorted.sort(Comparator.comparingDouble(SearchSpace.Tracepoint::meanStart));
				for (SearchSpace.Tracepoint t : sorted) {
					if (t.parent() != null && ids.contains(t.parent())) {
						children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t);
					} else {
						tops.add(t);
					}
				}
				int[] count = new int[2];
				List<Node> kids = new ArrayList<>();
				for (SearchSpace.Tracepoint t : tops) {
					kids.add(node(s, type, t, children, count, key));
				}
				services.add(new Node(key, new String[] { e.getKey(), Messages.INSTRUMENTATION_SERVICE, count[0] + " / " + count[1] },
						false, false, kids));
				typeCount[0] += count[0];
				typeCount[1] += count[1];
			}
			roots.add(new Node(type, new String[] { type, Messages.INSTRUMENTATION_REQUEST_TYPE, typeCount[0] + " / " + typeCount[1] },
					false, false, services));
		}
		return roots;
	}

	private static Node node(LiveInvestigation.Snapshot s, String type, SearchSpace.Tracepoint t,
			Map<String, List<SearchSpace.Tracepoint>> children, int[] count, String parentKey) {
		String key = parentKey + "/" + t.id();
		String state = state(s, type, t);
		int[] own = new int[2];
		List<Node> kids = new ArrayList<>();
		for (SearchSpace.Tracepoint c : children.getOrDefault(t.id(), List.of())) {
			kids.add(node(s, type, c, children, own, key));
		}
		boolean on = s.state().enabled(t.id(), type) || t.skeleton();
		own[0] += on ? 1 : 0;
		own[1] += 1;
		count[0] += own[0];
		count[1] += own[1];
		boolean proposed = state.equals(Messages.TP_PROPOSED_ENABLE) || state.equals(Messages.TP_PROPOSED_DISABLE);
		return new Node(key, new String[] { t.id(), state, own[1] > 1 ? own[0] + " / " + own[1] : "" }, proposed, on, kids);
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}
}
