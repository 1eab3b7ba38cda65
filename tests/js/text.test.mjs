// static/js/text.js against tests/shared/fold.json, the cases kiosk.text.fold passes.
import { test } from "node:test";

import { fold } from "../../static/js/text.js";
import { agreesOnEvery, shared } from "./shared.mjs";

test("search folds text as the server does", () => {
  agreesOnEvery(shared("fold.json").cases, (c) => fold(c.text), (c) => c.folded);
});
