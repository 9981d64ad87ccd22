/**
 * The app shell: reads the state from the URL, shows the view it names, and on every change
 * validates the new state, writes it to the URL (replaceState, so a link reproduces the view) and
 * re-renders. All state lives in the closure of `startApp` and in the URL.
 */
import { parseState, stateToSearch, updateState, VIEWS, type PlaygroundState, type View } from "./state.js";
import { h } from "./ui/dom.js";
import type { ViewFactory, ViewInstance } from "./views/context.js";
import { createOneDView } from "./views/one-d.js";
import { createRaceView } from "./views/race.js";
import { createSgdView } from "./views/sgd.js";
import { createTwoDView } from "./views/two-d.js";

const FACTORIES: Record<View, ViewFactory> = { "1d": createOneDView, "2d": createTwoDView, sgd: createSgdView, race: createRaceView };
const TITLES: Record<View, string> = { "1d": "1-D", "2d": "2-D", sgd: "SGD", race: "Race" };

function startApp(): void {
  const nav = document.getElementById("views")!;
  const main = document.getElementById("view")!;
  const problems = document.getElementById("problems")!;
  const parsed = parseState(location.search);
  let state: PlaygroundState = parsed.state;
  let view: ViewInstance | null = null;
  let scheduled = false;

  const showProblems = (lines: string[]) => {
    problems.hidden = lines.length === 0;
    problems.textContent = lines.join(" ");
  };
  const tabs = VIEWS.map((v) => {
    const tab = h("button", { type: "button", id: `tab-${v}`, class: "tab" }, [TITLES[v]]);
    tab.addEventListener("click", () => update({ view: v }));
    return tab;
  });
  nav.append(...tabs);

  const mount = () => {
    view?.destroy();
    main.replaceChildren();
    main.className = `view view-${state.view}`;
    view = FACTORIES[state.view](main, { state: () => state, update });
    for (const [i, v] of VIEWS.entries()) tabs[i]!.setAttribute("aria-current", v === state.view ? "page" : "false");
    document.title = `descent playground: ${TITLES[state.view]}`;
  };
  // Several updates in one task (a drag, a burst of typing) render once.
  const render = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      view?.render(state);
    });
  };
  function update(patch: Partial<PlaygroundState>): void {
    const next = updateState(state, patch);
    showProblems(next.problems);
    if (next.problems.length > 0) return;
    const viewChanged = next.state.view !== state.view;
    state = next.state;
    history.replaceState(null, "", stateToSearch(state));
    if (viewChanged) mount();
    render();
  }

  showProblems(parsed.problems);
  history.replaceState(null, "", stateToSearch(state));
  mount();
  render();
}

startApp();
