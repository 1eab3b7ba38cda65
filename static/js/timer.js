// The chair's clock as every screen draws it. The server pushes a full `timer`
// state on connect and on every change, never ticks; this module draws the
// countdown, its colour and the programme's delay from the state's server
// timestamps and the clock offset measured by live.js, so every screen in the
// hall shows the same second. Elements opt in with data attributes:
//   data-countdown, data-now-title, data-now-presenter, data-now-status,
//   data-delay, data-planned-end, data-projected-end, data-next="N",
//   data-message, data-used, data-over and data-next-line (once the item has ended),
//   and agenda rows with data-item-id (data-item-status, data-item-planned,
//   data-item-actual, data-item-minutes inside).
// On <body>: data-status (the current item's), phase-* (the colour band),
// not-started until the first item starts (no delay is shown then: the planned
// start, and a count-down to it on its day), is-done when the current item has ended.
import { delayAt, delayText as delayTextIn, formatClock, phaseAt, projectedEndAt, remainingAt } from "./clock.js";
import { formatTime, serverNow, socket, timeZone } from "./live.js";

export { formatClock, phaseAt, remainingAt };

export const strings = JSON.parse(document.getElementById("timer-i18n").textContent);
let state = JSON.parse(document.getElementById("timer-state").textContent);
const listeners = [];

/** Call `listener(state)` now and on every new state. */
export function onState(listener) {
  listeners.push(listener);
  listener(state);
}

/** "Chậm 6 phút" / "Đúng giờ" / "Sớm 2 phút", and a class for its colour. */
export const delayText = (delaySeconds) => delayTextIn(delaySeconds, strings);

const itemTitle = (item) => `${item.number}. ${item.title}`;
const ENDED = new Set(["finished", "skipped"]);

const dayFormatter = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone });
/** Epoch seconds as YYYY-MM-DD in the event's time zone. */
const dayOf = (epoch) => dayFormatter.format(new Date(epoch * 1000));

/** Before the first item starts: "Bắt đầu lúc 08:00", and "còn 25 phút" on the event's day until then. */
function startText(s, now) {
  const at = strings.starts_at.replace("{time}", formatTime(s.planned_start));
  const left = s.planned_start - now;
  if (s.planned_date == null || left <= 0 || dayOf(now) !== s.planned_date) return at;
  const minutes = Math.ceil(left / 60);
  const countdown = minutes < 60 ? strings.starts_in_minutes.replace("{n}", minutes)
    : strings.starts_in_hours.replace("{h}", Math.floor(minutes / 60)).replace("{m}", minutes % 60);
  return `${at} · ${countdown}`;
}

/** Once the current item has finished: the time it took ("Đã dùng 20:49"), and how much over ("quá 00:49"). */
function usedText(s) {
  if (s.status !== "finished") return ["", ""];
  const over = Math.round(s.overtime_seconds);
  return [strings.used.replace("{time}", formatClock(Math.round(s.elapsed_seconds))),
    over > 0 ? strings.over.replace("{time}", formatClock(over)) : ""];
}

function setText(selector, text) {
  for (const el of document.querySelectorAll(selector)) {
    if (el.textContent !== text) el.textContent = text;
  }
}

function nowStatus(s, phase) {
  if (s.programme_ended) return strings.programme_ended;
  if (phase === "overtime") return strings.overtime;
  return strings.status[s.status] ?? "";
}

// --- drawn on every new state ---------------------------------------------

function drawState(s) {
  document.body.dataset.status = s.status ?? "none";
  document.body.classList.toggle("programme-ended", s.programme_ended);
  document.body.classList.toggle("is-done", ENDED.has(s.status));
  document.body.classList.toggle("not-started", !s.started);
  setText("[data-now-title]", s.current ? itemTitle(s.current) : strings.no_items);
  setText("[data-now-presenter]", s.current?.presenter ?? "");
  setText("[data-planned-end]", formatTime(s.planned_end));
  setText("[data-planned-start]", formatTime(s.planned_start));
  const [used, over] = usedText(s);
  setText("[data-used]", used);
  setText("[data-over]", over);
  drawNextLine(s);
  drawNext(s);
  drawAgenda(s);
  drawMessage(s.message);
}

function drawNext(s) {
  const byId = new Map(s.items.map((item) => [item.item_id, item]));
  for (const list of document.querySelectorAll("[data-next]")) {
    const shown = s.upcoming.slice(0, Number(list.dataset.next) || 3).map((id) => byId.get(id));
    list.replaceChildren(...shown.map((item) => {
      const li = document.createElement("li");
      const title = document.createElement("span");
      title.className = "next-title";
      title.textContent = itemTitle(item);
      const presenter = document.createElement("span");
      presenter.className = "next-presenter";
      presenter.textContent = item.presenter;
      const minutes = document.createElement("span");
      minutes.className = "next-minutes";
      minutes.textContent = strings.minutes.replace("{n}", Math.round(item.allotted_seconds / 60));
      li.append(title, minutes, presenter);
      return li;
    }));
    list.closest("[data-next-block]")?.toggleAttribute("hidden", shown.length === 0);
  }
}

/** "Tiếp theo: 3. Title — presenter" once the current item has ended (none after the last one). */
function drawNextLine(s) {
  const next = ENDED.has(s.status) && s.next_id != null ? s.items.find((item) => item.item_id === s.next_id) : null;
  for (const el of document.querySelectorAll("[data-next-line]")) {
    el.hidden = !next;
    const text = next ? [itemTitle(next), next.presenter].filter(Boolean).join(" — ") : "";
    const value = el.querySelector("[data-next-line-text]") ?? el;
    if (value.textContent !== text) value.textContent = text;
  }
}

function drawAgenda(s) {
  for (const item of s.items) {
    for (const row of document.querySelectorAll(`[data-item-id="${item.item_id}"]`)) {
      row.dataset.status = item.status;
      row.classList.toggle("is-current", item.item_id === s.current_id && !s.programme_ended);
      const status = row.querySelector("[data-item-status]");
      // Paused and no longer current (the chair went back): left midway, to be resumed, not "pausing now".
      const interrupted = item.status === "paused" && item.item_id !== s.current_id;
      if (status) status.textContent = strings.status[interrupted ? "interrupted" : item.status];
      const minutes = row.querySelector(":scope > .agenda-row [data-item-minutes]");
      if (minutes) {
        minutes.textContent = strings.minutes.replace("{n}", Math.round(item.allotted_seconds / 60));
        minutes.classList.toggle("is-adjusted", item.allotted_seconds !== item.planned_seconds);
      }
      const planned = row.querySelector("[data-item-planned]");
      if (planned) planned.textContent = formatTime(item.planned_at);
      const actual = row.querySelector("[data-item-actual]");
      if (actual) {
        const start = formatTime(item.started_at);
        const end = item.started_at == null ? "" : formatTime(item.ended_at);
        actual.textContent = start ? `${start}–${end || "…"}` : "";
      }
    }
  }
}

function drawMessage(message) {
  for (const el of document.querySelectorAll("[data-message]")) {
    el.textContent = message?.text ?? "";
    el.hidden = !message;
  }
  document.body.classList.toggle("has-message", Boolean(message));
}

// --- drawn several times a second -------------------------------------------

function drawClock() {
  const now = serverNow();
  const s = state;
  const phase = s.status == null ? "idle" : phaseAt(s, now);
  if (document.body.dataset.phase !== phase) {
    document.body.classList.remove(`phase-${document.body.dataset.phase}`);
    document.body.classList.add(`phase-${phase}`);
    document.body.dataset.phase = phase;
  }
  setText("[data-now-status]", nowStatus(s, phase));
  // An ended item shows no clock (a frozen "-00:49" under "Đã xong" reads as a stuck clock): data-used says it.
  const countdown = s.status == null ? "--:--" : ENDED.has(s.status) ? "" : formatClock(Math.ceil(remainingAt(s, now)));
  setText("[data-countdown]", countdown);
  setText("[data-projected-end]", formatTime(projectedEndAt(s, now)));
  const delay = delayAt(s, now);
  let text = "";
  let cls = "delay-waiting";
  if (!s.started && s.planned_start != null) text = startText(s, now);
  else if (delay != null) [text, cls] = delayText(delay);
  for (const el of document.querySelectorAll("[data-delay]")) {
    if (el.textContent !== text) el.textContent = text;
    el.classList.remove("delay-late", "delay-on-time", "delay-early", "delay-waiting");
    el.classList.add(cls);
  }
}

/** Show a newer state (pushed, or the answer to the chair's own command). */
export function showState(next) {
  state = next;
  drawState(state);
  drawClock();
  for (const listener of listeners) listener(state);
}

socket.on("timer", showState);
socket.on("message", (body) => {
  state = { ...state, message: body.message };
  drawMessage(body.message);
});

drawState(state);
drawClock();
setInterval(drawClock, 100);
