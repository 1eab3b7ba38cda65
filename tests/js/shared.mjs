// The cases in tests/shared/*.json, which tests/test_shared_rules.py runs against the server's code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

export function shared(file) {
  return JSON.parse(readFileSync(new URL(`../shared/${file}`, import.meta.url), "utf8"));
}

/** Assert that `got(case)` is `want(case)` for every case, listing every case where it is not. */
export function agreesOnEvery(cases, got, want, name = (c) => c.name) {
  assert.ok(cases.length > 0, "no cases");
  const disagreements = [];
  for (const c of cases) {
    const answer = got(c);
    try {
      assert.deepStrictEqual(answer, want(c));
    } catch {
      disagreements.push({ case: name(c), expected: want(c), got: answer });
    }
  }
  assert.deepStrictEqual(disagreements, []);
}
