// The chair's clock as every screen draws it. The server pushes a full `timer`
// state on connect and on every change, never ticks; this module draws the
// countdown, its colour and the programme's delay from the state's server
// timestamps and the clock offset measured by live.js, so every screen in the
// hall shows the same second. Elements opt in with data attributes:
//   data-countdown, data-now-title, data-now-presenter, data-now-status,
//   data-delay, data-planned-end, data-projected-end, data-next="N",
//   data-message, and agenda rows with data-item-id (data-item-status,
//   data-item-planned, data-item-actual inside).
import { formatTime, serverNow, socket } from "./live.js";

export const strings = JSON.parse(document.getElementById("timer-i18n").textContent);
let state = JSON.parse(document.getElementById("timer-state").textContent);
const listeners = [];

/** Call `listener(state)` now and on every new state. */
export function onState(listener) {
  listeners.push(listener);
  listener(state);
}

/** Seconds left on the current item at server time `now` (negative in overtime). */
export function remainingAt(s, now) {
  if (s.status === "running") {
    return s.allotted_seconds - (s.elapsed_before + Math.max(0, now - s.running_since));
  }
  return s.remaining_seconds;
}

/** The colour band, by the same rules as the server's machine (kiosk/timer/machine.py). */
export function phaseAt(s, now) {
  if (s.status == null || s.status === "idle") return "idle";
  if (s.status === "finished" || s.status === "skipped") return "done";
  const remaining = remainingAt(s, now);
  if (remaining < 0) return "overtime";
  if (remaining <= s.thresholds.red_seconds) return "red";
  if (remaining <= s.thresholds.amber_seconds) return "amber";
  return "normal";
}

/** Whole seconds as mm:ss, -mm:ss in overtime (as kiosk.text.format_clock). */
export function formatClock(seconds) {
  const whole = Math.trunc(Math.abs(seconds));
  const pad = (n) => String(n).padStart(2, "0");
  return `${seconds < 0 ? "-" : ""}${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}

/** The programme's projected end at `now`: the state's, moved on as machine.projected_end_moves_from says. */
function projectedEndAt(s, now) {
  if (s.projected_end == null) return null;
  const from = s.projected_end_moves_from;
  if (from == null) return s.projected_end;
  return s.projected_end + Math.max(0, now - from) - Math.max(0, s.server_time - from);
}

/** "Chậm 6 phút" / "Đúng giờ" / "Sớm 2 phút", and a class for its colour. */
export function delayText(delaySeconds) {
  const minutes = Math.round(delaySeconds / 60);
  if (minutes === 0) return [strings.on_time, "delay-on-time"];
  if (minutes > 0) return [strings.late.replace("{n}", minutes), "delay-late"];
  return [strings.early.replace("{n}", -minutes), "delay-early"];
}

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
