import type { ViewFactory } from "./context.js";
export const createSgdView: ViewFactory = (root) => {
  root.textContent = "coming soon";
  return { render() {}, destroy() {} };
};
