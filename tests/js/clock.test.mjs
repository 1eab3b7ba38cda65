// static/js/clock.js against tests/shared/phase.json and delay.json, the cases the
// server's timer machine, kiosk.text.format_clock and the timing report pass.
import { test } from "node:test";

import { delayAt, delayText, formatClock, phaseAt, projectedEndAt, remainingAt } from "../../static/js/clock.js";
import { agreesOnEvery, shared } from "./shared.mjs";

const phase = shared("phase.json");
const delay = shared("delay.json");

test("the seconds left and the colour at a moment are the server's", () => {
  agreesOnEvery(phase.clock, (c) => [remainingAt(c.state, c.now), phaseAt(c.state, c.now)],
    (c) => [c.remaining, c.phase]);
});

test("the projected end at a moment is the server's", () => {
  agreesOnEvery(phase.projectedEnd, (c) => projectedEndAt(c.state, c.now), (c) => c.projected_end);
});

test("the delay at a moment is the server's, and none before the first item starts", () => {
  agreesOnEvery(phase.delay, (c) => delayAt(c.state, c.now), (c) => c.delay_seconds);
});

test("a countdown is written as the server writes it", () => {
  agreesOnEvery(phase.formatClock, (c) => formatClock(c.seconds), (c) => c.text, (c) => c.seconds);
});

test("the delay is said to the nearest minute as the timing report says it", () => {
  agreesOnEvery(delay.cases, (c) => delayText(c.delay_seconds, delay.strings), (c) => [c.text, c.class],
    (c) => c.delay_seconds);
});
