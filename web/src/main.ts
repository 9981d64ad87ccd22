/**
 * The app shell: reads the state from the URL, shows the view it names, and on every change
 * validates the new state, writes it to the URL (a history entry per change, so a link reproduces
 * the view and Back/Forward walk through the changes) and re-renders. Views are kept when another
 * is shown, each with its own state. All state lives in the closure of `startApp` and in the URL.
 */
import { defaultState, parseState, stateToSearch, updateState, VIEWS, type PlaygroundState, type View } from "./state.js";
import { problemMemo } from "./compute/problem.js";
import { h } from "./ui/dom.js";
import type { ViewFactory, ViewInstance } from "./views/context.js";
import { createOneDView } from "./views/one-d.js";
import { createRaceView } from "./views/race.js";
import { createSgdView } from "./views/sgd.js";
import { createNetworkView } from "./views/network.js";
import { createTwoDView } from "./views/two-d.js";

const FACTORIES: Record<View, ViewFactory> = { "1d": createOneDView, "2d": createTwoDView, sgd: createSgdView, race: createRaceView, network: createNetworkView };
const TITLES: Record<View, string> = { "1d": "1-D", "2d": "2-D", sgd: "SGD", race: "Race", network: "Network" };

/** Changes closer together than this (a slider drag, typing) share one history entry. */
const HISTORY_MERGE_MS = 800;

function startApp(): void {
  const nav = document.getElementById("views")!;
  const main = document.getElementById("view")!;
  const problems = document.getElementById("problems")!;
  const parsed = parseState(location.search);
  let state: PlaygroundState = parsed.state;
  // Each view is built once and kept (hidden) when another is shown, with the state it had.
  const instances = new Map<View, { root: HTMLElement; view: ViewInstance }>();
  const saved = new Map<View, PlaygroundState>();
  let scheduled = false;
  // Functions resolved (parsed, compiled, their Hessians derived) for the views: a few are kept.
  const resolved = problemMemo();
  // No change has been pushed yet: the first one always gets its own entry (the page's first is the loaded URL).
  let lastPush = -Infinity;

  const showProblems = (lines: string[]) => {
    problems.hidden = lines.length === 0;
    problems.textContent = lines.join(" ");
  };
  const tabs = VIEWS.map((v) => {
    const tab = h("button", { type: "button", id: `tab-${v}`, class: "tab", "data-testid": `view-${v}` }, [TITLES[v]]);
    tab.addEventListener("click", () => update({ view: v }));
    return tab;
  });
  nav.append(...tabs);

  const current = () => instances.get(state.view)?.view ?? null;
  const mount = () => {
    for (const [v, inst] of instances) {
      if (v !== state.view && !inst.root.hidden) {
        inst.root.hidden = true;
        inst.view.hide?.();
      }
    }
    let inst = instances.get(state.view);
    if (!inst) {
      const root = h("div", { class: `view view-${state.view}`, id: `view-${state.view}` });
      main.append(root);
      inst = { root, view: FACTORIES[state.view](root, { state: () => state, update, check: (patch) => updateState(state, patch).problems, problem: resolved }) };
      instances.set(state.view, inst);
    }
    inst.root.hidden = false;
    for (const [i, v] of VIEWS.entries()) tabs[i]!.setAttribute("aria-current", v === state.view ? "page" : "false");
    document.title = `descent playground: ${TITLES[state.view]}`;
  };
  // Several updates in one task (a drag, a burst of typing) render once.
  const render = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      current()?.render(state);
    });
  };
  function update(patch: Partial<PlaygroundState>): void {
    const viewChanged = patch.view !== undefined && patch.view !== state.view;
    const next = viewChanged ? { state: saved.get(patch.view!) ?? defaultState(patch.view!), problems: [] } : updateState(state, patch);
    showProblems(next.problems);
    if (next.problems.length > 0) return;
    state = next.state;
    saved.set(state.view, state);
    const search = stateToSearch(state);
    if (search !== location.search) {
      // A new entry per change so Back and Forward walk through them; a burst shares one.
      const now = performance.now();
      if (viewChanged || now - lastPush > HISTORY_MERGE_MS) history.pushState(null, "", search);
      else history.replaceState(null, "", search);
      lastPush = now;
    }
    if (viewChanged) mount();
    render();
  }
  window.addEventListener("popstate", () => {
    const back = parseState(location.search);
    showProblems(back.problems);
    const viewChanged = back.state.view !== state.view;
    state = back.state;
    saved.set(state.view, state);
    lastPush = -Infinity;
    if (viewChanged) mount();
    render();
  });

  showProblems(parsed.problems);
  history.replaceState(null, "", stateToSearch(state));
  saved.set(state.view, state);
  mount();
  render();
}

startApp();
