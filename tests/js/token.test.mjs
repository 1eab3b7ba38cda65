// static/js/token.js against tests/shared/token.json: an offline desk reads the ids the
// server would verify, and refuses (null) exactly what the server calls malformed or empty.
import { test } from "node:test";

import { looksLikeToken, readTokenIds } from "../../static/js/token.js";
import { agreesOnEvery, shared } from "./shared.mjs";

const tokens = shared("token.json");

test("an offline desk reads the ids of exactly the tokens the server can check", () => {
  agreesOnEvery(tokens.read, (c) => readTokenIds(c.token), (c) => c.ids);
});

test("every token a desk can read goes to the server, not to name search", () => {
  const readable = tokens.read.filter((c) => c.ids);
  agreesOnEvery(readable, (c) => looksLikeToken(c.token), () => true);
});

test("what is taken for a token", () => {
  agreesOnEvery(tokens.looksLikeToken, (c) => looksLikeToken(c.text), (c) => c.looks, (c) => c.text);
});
