import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NET_DATASETS } from "../../web/src/compute/datasets2d.js";
import { DATASETS, defaultState, MISSING_CHOICES, NET_ACTIVATIONS, parseState, stateToSearch, updateState, VIEWS, type PlaygroundState } from "../../web/src/state.js";

describe("parseState", () => {
  test("the issue's 1-D link", () => {
    const { state, problems } = parseState("?view=1d&f=6x^2-12x%2B3&x0=-0.9&lr=0.03&steps=1");
    assert.deepEqual(problems, []);
    assert.deepEqual(state, { ...defaultState("1d"), f: "6x^2-12x+3", x0: -0.9, lr: 0.03, steps: 1 });
  });
  test("no query: the 1-D view with its defaults", () => {
    assert.deepEqual(parseState(""), { state: defaultState("1d"), problems: [] });
  });
  test("every view has defaults that survive the round trip", () => {
    for (const view of VIEWS) assert.deepEqual(parseState(stateToSearch(defaultState(view))), { state: defaultState(view), problems: [] });
  });
  test("2-D starts and several optimizers", () => {
    const { state, problems } = parseState("view=2d&f=himmelblau&starts=1,2;-3.5,0.25&optimizer=sgd;adam:lr=0.05,beta1=0.8&basins=1&steps=300");
    assert.deepEqual(problems, []);
    assert.deepEqual(state.starts, [[1, 2], [-3.5, 0.25]]);
    assert.deepEqual(state.optimizers, ["sgd", "adam:lr=0.05,beta1=0.8"]);
    assert.equal(state.basins, true);
    assert.equal(state.steps, 300);
    assert.equal(state.f, "himmelblau");
  });
  test("an empty starts list is allowed (click to add)", () => {
    assert.deepEqual(parseState("view=2d&starts=").state.starts, []);
  });
  test("bad values fall back to the default, each named in a problem", () => {
    const { state, problems } = parseState("view=1d&lr=-1&steps=2.5&x0=abc&optimizer=adamm&f=");
    assert.deepEqual(state, defaultState("1d"));
    assert.equal(problems.length, 5);
    assert.match(problems[0]!, /^f="" is empty/);
    assert.ok(problems.some((p) => /^x0="abc" is not a number/.test(p)));
    assert.ok(problems.some((p) => /^lr="-1" must be between 0.000001 and 100/.test(p)));
    assert.ok(problems.some((p) => /^optimizer="adamm" .*adam/.test(p)));
    assert.ok(problems.some((p) => /^steps="2.5" must be a whole number/.test(p)));
  });
  test("unknown view and out-of-range values", () => {
    assert.equal(parseState("view=3d").state.view, "1d");
    assert.match(parseState("view=3d").problems[0]!, /view="3d" must be one of 1d, 2d, sgd, race/);
    assert.equal(parseState("view=sgd&batch=5000").state.batch, defaultState("sgd").batch);
    assert.equal(parseState("view=sgd&dataset=iris").problems.length, 1);
    assert.match(parseState("view=2d&starts=1,2,3").problems[0]!, /expects points/);
    assert.match(parseState(`view=2d&starts=${Array(13).fill("0,0").join(";")}`).problems[0]!, /more than 12/);
  });
  test("keys another view uses are ignored", () => {
    const { state } = parseState("view=1d&batch=7&starts=1,1");
    assert.equal(state.batch, defaultState("1d").batch);
    assert.deepEqual(state.starts, []);
  });
});

describe("stateToSearch", () => {
  test("writes view first and only the view's keys, encoded", () => {
    const s = { ...defaultState("1d"), f: "6x^2-12x+3", steps: 1 };
    assert.equal(stateToSearch(s), "?view=1d&f=6x%5E2-12x%2B3&x0=-0.9&lr=0.03&optimizer=sgd&steps=1");
    assert.equal(stateToSearch(defaultState("sgd")), "?view=sgd&dataset=two-feature&lr=0.1&optimizer=sgd&batch=32&epochs=20&seed=1");
  });
  test("round trip: parseState(stateToSearch(s)) = s for generated states", () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v));
    const arb = fc.record({
      view: fc.constantFrom(...VIEWS),
      f: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
      x0: finite,
      y0: finite,
      starts: fc.array(fc.tuple(finite, finite), { maxLength: 12 }),
      lr: fc.double({ min: 1e-6, max: 100, noNaN: true }),
      optimizers: fc.array(fc.constantFrom("sgd", "momentum", "adam:lr=0.05", "rmsprop:alpha=0.9", "nesterov:momentum=0.8"), { minLength: 1, maxLength: 6 }),
      steps: fc.integer({ min: 0, max: 5000 }),
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      basins: fc.boolean(),
      batch: fc.integer({ min: 0, max: 1024 }),
      epochs: fc.integer({ min: 1, max: 200 }),
      dataset: fc.constantFrom(...DATASETS),
      netData: fc.constantFrom(...NET_DATASETS, "csv" as const),
      noise: fc.double({ min: 0, max: 0.5, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
      ratio: fc.integer({ min: 10, max: 90 }),
      layers: fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }),
      activation: fc.constantFrom(...NET_ACTIVATIONS),
      schedule: fc.constantFrom("", "cosine:t_max=100", "step:step_size=30,gamma=0.5"),
      target: fc.string({ maxLength: 20 }),
      xcol: fc.string({ maxLength: 20 }),
      ycol: fc.string({ maxLength: 20 }),
      speed: fc.integer({ min: 0, max: 1000 }),
      missing: fc.constantFrom(...MISSING_CHOICES),
    });
    fc.assert(
      fc.property(arb, (s: PlaygroundState) => {
        const back = parseState(stateToSearch(s));
        assert.deepEqual(back.problems, []);
        assert.equal(stateToSearch(back.state), stateToSearch(s));
        // The keys the view uses come back exactly; the others are the view's defaults.
        const search = new URLSearchParams(stateToSearch(s));
        for (const [k, v] of search) assert.equal(new URLSearchParams(stateToSearch(back.state)).get(k), v);
      }),
      { numRuns: 300 },
    );
  });
});

describe("SGD view state", () => {
  test("a link to the user's CSV carries the reading options; the built-in data's link leaves them out", () => {
    const search = "?view=sgd&dataset=csv&lr=0.1&optimizer=sgd&batch=32&epochs=20&seed=1&ratio=60&target=kind&xcol=width&ycol=height&missing=median";
    const { state, problems } = parseState(search);
    assert.deepEqual(problems, []);
    assert.deepEqual(state, { ...defaultState("sgd"), dataset: "csv", ratio: 60, target: "kind", xcol: "width", ycol: "height", missing: "median" });
    assert.equal(stateToSearch(state), search);
    assert.equal(stateToSearch({ ...state, dataset: "two-feature" }), "?view=sgd&dataset=two-feature&lr=0.1&optimizer=sgd&batch=32&epochs=20&seed=1");
    assert.match(parseState("view=sgd&dataset=csv&ratio=95").problems[0]!, /^ratio="95" must be between 10 and 90/);
  });
});

describe("network view state", () => {
  test("a full network link", () => {
    const { state, problems } = parseState("?view=network&data=spiral3&noise=0.2&ratio=70&layers=16,8,4&activation=relu&optimizer=momentum:momentum=0.8&lr=0.1&schedule=cosine:t_max=500&batch=0&seed=7");
    assert.deepEqual(problems, []);
    assert.deepEqual(state, { ...defaultState("network"), netData: "spiral3", noise: 0.2, ratio: 70, layers: [16, 8, 4], activation: "relu", optimizers: ["momentum:momentum=0.8"], lr: 0.1, schedule: "cosine:t_max=500", batch: 0, seed: 7 });
  });
  test("bad values fall back with one line each", () => {
    const { state, problems } = parseState("?view=network&data=rings&layers=8,0&activation=gelu&schedule=cosine&ratio=95");
    assert.deepEqual(state, defaultState("network"));
    assert.deepEqual(problems, [
      'data="rings" must be one of circle, xor, gauss, spiral, moons, spiral3, surface, csv; using the default',
      'ratio="95" must be between 10 and 90; using the default',
      'layers="8,0" expects widths like "8,8", each a whole number from 1 to 64; using the default',
      'activation="gelu" must be one of tanh, relu, sigmoid, identity; using the default',
      `schedule="cosine" ${problems[4]!.slice('schedule="cosine" '.length)}`,
    ]);
    assert.match(problems[4]!, /t_max/);
  });
  test("no hidden layers is a linear model, written as an empty list", () => {
    const s = { ...defaultState("network"), layers: [] };
    assert.match(stateToSearch(s), /layers=&/);
    assert.deepEqual(parseState(stateToSearch(s)).state.layers, []);
  });
});

describe("updateState", () => {
  test("applies a valid change", () => {
    const r = updateState(defaultState("1d"), { lr: 0.2, steps: 3 });
    assert.deepEqual(r.problems, []);
    assert.equal(r.state.lr, 0.2);
    assert.equal(r.state.steps, 3);
  });
  test("keeps the old state when the change is invalid", () => {
    const s = defaultState("1d");
    const r = updateState(s, { lr: 0 });
    assert.equal(r.state, s);
    assert.equal(r.problems.length, 1);
  });
  test("switching views opens the new view's defaults", () => {
    assert.deepEqual(updateState(defaultState("1d"), { view: "race" }).state, defaultState("race"));
  });
});
