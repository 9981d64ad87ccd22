import type { ViewFactory } from "./context.js";
export const createTwoDView: ViewFactory = (root) => {
  root.textContent = "coming soon";
  return { render() {}, destroy() {} };
};
