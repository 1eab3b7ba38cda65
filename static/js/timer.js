// The chair's clock as every screen draws it. The server pushes a full `timer`
// state on connect and on every change, never ticks; this module draws the
// countdown, its colour and the programme's delay from the state's server
// timestamps and the clock offset measured by live.js, so every screen in the
// hall shows the same second. Elements opt in with data attributes:
//   data-countdown, data-now-title, data-now-presenter, data-now-status,
//   data-delay, data-planned-end, data-projected-end, data-next="N",
//   data-message, and agenda rows with data-item-id (data-item-status,
//   data-item-planned, data-item-actual, data-item-minutes inside).
import { delayText as delayTextIn, formatClock, phaseAt, projectedEndAt, remainingAt } from "./clock.js";
import { formatTime, serverNow, socket } from "./live.js";

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
  setText("[data-now-title]", s.current ? itemTitle(s.current) : strings.no_items);
  setText("[data-now-presenter]", s.current?.presenter ?? "");
  setText("[data-planned-end]", formatTime(s.planned_end));
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

function drawAgenda(s) {
  for (const item of s.items) {
    for (const row of document.querySelectorAll(`[data-item-id="${item.item_id}"]`)) {
      row.dataset.status = item.status;
      row.classList.toggle("is-current", item.item_id === s.current_id && !s.programme_ended);
      const status = row.querySelector("[data-item-status]");
      if (status) status.textContent = strings.status[item.status];
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
  setText("[data-countdown]", s.status == null ? "--:--" : formatClock(Math.ceil(remainingAt(s, now))));
  const projected = projectedEndAt(s, now);
  setText("[data-projected-end]", formatTime(projected));
  if (projected != null) {
    const [text, cls] = delayText(projected - s.planned_end);
    for (const el of document.querySelectorAll("[data-delay]")) {
      if (el.textContent !== text) el.textContent = text;
      el.classList.remove("delay-late", "delay-on-time", "delay-early");
      el.classList.add(cls);
    }
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
