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
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;

import io.pythia.investigation.LiveInvestigation;
import io.pythia.services.Investigation;
import io.pythia.search.InstrumentationState;
import io.pythia.search.Proposal;
import io.pythia.search.SearchSpace;

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
				return p.action() == Proposal.Action.ENABLE ? "proposed: enable" : "proposed: disable";
			}
		}
		if (t.skeleton()) {
			return "skeleton";
		}
		return state.enabled(t.id(), requestType) ? "enabled" : "disabled";
	}

	private final Investigation investigation;
	private final UISynchronize sync;
	private final Consumer<Investigation.Change> listener = this::changed;
	private Label summary;
	private Tree tree;
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
		tree = new Tree(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
		tree.setHeaderVisible(true);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(tree);
		for (String[] c : new String[][] { { "Tracepoint", "260" }, { "State", "110" }, { "Enabled", "80" } }) {
			TreeColumn tc = new TreeColumn(tree, SWT.NONE);
			tc.setText(c[0]);
			tc.setWidth(Integer.parseInt(c[1]));
		}
		tree.addListener(SWT.Expand, e -> {
			expanded.add((String) e.item.getData());
			collapsedTypes.remove((String) e.item.getData());
		});
		tree.addListener(SWT.Collapse, e -> {
			expanded.remove((String) e.item.getData());
			collapsedTypes.add((String) e.item.getData());
		});
		investigation.addListener(listener);
		refresh();
	}

	private void changed(Investigation.Change change) {
		if (change == Investigation.Change.LIVE) {
			sync.asyncExec(() -> {
				if (!tree.isDisposed()) {
					refresh();
				}
			});
		}
	}

	private void refresh() {
		tree.setRedraw(false);
		try {
			tree.removeAll();
			var live = investigation.live();
			if (live.isEmpty()) {
				summary.setText("The connected system's tracepoints show here, by request type, service and calling "
						+ "hierarchy, once a live investigation starts.");
				summary.getParent().layout(true, true);
				return;
			}
			LiveInvestigation.Snapshot s = live.get().snapshot();
			SearchSpace space = live.get().space();
			summary.setText(String.format(Locale.ROOT, "%d tracepoint toggles (tracepoint \u00d7 request type), %d enabled (%.1f%%), skeleton %d, %d proposed.",
					space.size(), s.state().count(), 100.0 * s.state().count() / Math.max(1, space.size()),
					space.skeleton().count(), s.proposals().size()));
			for (String type : new java.util.TreeSet<>(space.requestTypes())) {
				List<SearchSpace.Tracepoint> all = new ArrayList<>(space.tracepoints(type));
				TreeItem typeItem = new TreeItem(tree, SWT.NONE);
				typeItem.setData(type);
				Map<String, List<SearchSpace.Tracepoint>> byService = new TreeMap<>();
				for (SearchSpace.Tracepoint t : all) {
					byService.computeIfAbsent(t.service(), k -> new ArrayList<>()).add(t);
				}
				int[] typeCount = new int[2];
				for (var e : byService.entrySet()) {
					TreeItem serviceItem = new TreeItem(typeItem, SWT.NONE);
					String key = type + "/" + e.getKey();
					serviceItem.setData(key);
					Map<String, List<SearchSpace.Tracepoint>> children = new LinkedHashMap<>();
					Set<String> ids = new HashSet<>();
					e.getValue().forEach(t -> ids.add(t.id()));
					List<SearchSpace.Tracepoint> roots = new ArrayList<>();
					e.getValue().sort(Comparator.comparingDouble(SearchSpace.Tracepoint::meanStart));
					for (SearchSpace.Tracepoint t : e.getValue()) {
						if (t.parent() != null && ids.contains(t.parent())) {
							children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t);
						} else {
							roots.add(t);
						}
					}
					int[] count = new int[2];
					for (SearchSpace.Tracepoint t : roots) {
						add(serviceItem, s, type, t, children, count, key);
					}
					serviceItem.setText(new String[] { e.getKey(), "service", count[0] + " / " + count[1] });
					serviceItem.setExpanded(expanded.contains(key));
					typeCount[0] += count[0];
					typeCount[1] += count[1];
				}
				typeItem.setText(new String[] { type, "request type", typeCount[0] + " / " + typeCount[1] });
				// request types open by default: their services are the first thing to read
				typeItem.setExpanded(!collapsedTypes.contains(type));
			}
			summary.getParent().layout(true, true);
		} finally {
			tree.setRedraw(true);
			tree.redraw();
		}
	}

	private void add(TreeItem parent, LiveInvestigation.Snapshot s, String type, SearchSpace.Tracepoint t,
			Map<String, List<SearchSpace.Tracepoint>> children, int[] count, String parentKey) {
		TreeItem item = new TreeItem(parent, SWT.NONE);
		String key = parentKey + "/" + t.id();
		item.setData(key);
		String state = state(s, type, t);
		int[] own = new int[2];
		for (SearchSpace.Tracepoint c : children.getOrDefault(t.id(), List.of())) {
			add(item, s, type, c, children, own, key);
		}
		boolean on = s.state().enabled(t.id(), type) || t.skeleton();
		own[0] += on ? 1 : 0;
		own[1] += 1;
		item.setText(new String[] { t.id(), state, own[1] > 1 ? own[0] + " / " + own[1] : "" });
		if (state.startsWith("proposed")) {
			item.setForeground(new Color(0xc0, 0x60, 0x00));
		} else if (on) {
			item.setForeground(new Color(0x10, 0x70, 0x20));
		}
		item.setExpanded(expanded.contains(key));
		count[0] += own[0];
		count[1] += own[1];
	}

	@PreDestroy
	public void dispose() {
		investigation.removeListener(listener);
	}
}
