import type { ViewFactory } from "./context.js";
export const createRaceView: ViewFactory = (root) => {
  root.textContent = "coming soon";
  return { render() {}, destroy() {} };
};
