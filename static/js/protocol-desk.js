// The protocol desk at reception (templates/_protocol_desk.html), beside the scan:
//   "Người dự thay"  who came in a delegate's place: the last delegate this desk answered, or one found by
//                    search; sent as a check-in with its stand-in (POST /api/v1/checkins), which puts the
//                    stand-in on an arrival already recorded too. Answered in its own colour, both names.
//   "Vắng có lý do"  a delegate found by search sent apologies (PUT/DELETE /api/v1/attendees/<id>/absence).
// Both need the server: nothing is queued offline.
import { serverNow, timeZone } from "./live.js";
import { play } from "./sounds.js";
import { byProtocolOrder } from "./protocol-order.js";
import { fold } from "./text.js";
import { deskName } from "./desk/common.js";

const t = JSON.parse(document.getElementById("protocol-i18n").textContent);
const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const $ = (id) => document.getElementById(id);
const MATCHES_SHOWN = 8;
const timeFormat = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });

// ---- what the desk last answered: the delegate a stand-in is most often for ---------------------------

let lastAnswered = null;

/** The desk answered a scan, a search or an undo: "Người dự thay" starts from the delegate of the last
 * answer when it was an arrival, and from nobody after anything else (an undo, a refused badge). */
export function deskAnswered(answer) {
  const arrived = answer?.attendee && ["checked_in", "already_checked_in"].includes(answer.status);
  lastAnswered = arrived ? answer.attendee : null;
}

// ---- the dialog --------------------------------------------------------------------------------------

const dialog = $("protocol-dialog");
const form = $("protocol-form");
const search = $("protocol-search");
const matchList = $("protocol-matches");
let mode = "stand_in";
let chosen = null;
let roster = [];
let matches = [];

async function send(method, url, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    const response = await fetch(url, {
      method, credentials: "same-origin", signal: controller.signal,
      headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { response, answer: await response.json().catch(() => ({})) };
  } finally {
    clearTimeout(timer);
  }
}

async function loadRoster() {
  const { response, answer } = await send("GET", "/api/v1/desk/roster");
  if (response.status === 401) window.location.reload();
  roster = response.ok ? answer.attendees.filter((a) => !a.revoked).sort(byProtocolOrder) : [];
}

function showError(message) {
  $("protocol-error").textContent = message;
  $("protocol-error").hidden = !message;
}

function describe(a) {
  const arrived = a.checked_in_at ? format(t.arrived, { time: timeFormat.format(new Date(a.checked_in_at)) }) : "";
  return [a.position, a.group.name, a.number, a.absence ? t.excused : "", arrived].filter(Boolean).join(" · ");
}

function choose(a) {
  chosen = a;
  $("protocol-pick").hidden = Boolean(a);
  $("protocol-chosen").hidden = !a;
  matchList.hidden = true;
  if (a) {
    $("protocol-chosen-name").textContent = a.name;
    $("protocol-chosen-detail").textContent = describe(a);
    $("protocol-chosen").style.setProperty("--group-colour", a.group.colour);
  }
  const current = mode === "absence" && a?.absence;
  $("absence-current").hidden = !current;
  $("absence-current").textContent = current ? format(t.absence_current, { reason: a.absence.reason }) : "";
  $("absence-clear").hidden = !current;
  if (current) form.elements.reason.value = a.absence.reason; // to change it, or clear it
  form.elements[mode === "stand_in" ? "stand_in_name" : "reason"].focus();
  if (!a) search.focus();
}

function renderMatches() {
  const words = fold(search.value).split(" ").filter(Boolean);
  if (!words.length) {
    matchList.hidden = true;
    return;
  }
  matches = roster.filter((a) => (mode === "stand_in" || !a.checked_in_at)
    && words.every((word) => fold([a.name, a.full_name, a.position, a.unit, a.number].join(" ")).includes(word)))
    .slice(0, MATCHES_SHOWN);
  matchList.replaceChildren(...(matches.length ? matches.map((a) => {
    const item = document.createElement("li");
    item.role = "option";
    item.style.setProperty("--group-colour", a.group.colour);
    const name = document.createElement("strong");
    name.textContent = a.name;
    const detail = document.createElement("span");
    detail.textContent = ` ${describe(a)}`;
    item.append(name, detail);
    item.addEventListener("click", () => choose(a));
    return item;
  }) : [Object.assign(document.createElement("li"), { textContent: t.no_match })]));
  matchList.hidden = false;
}

async function open(kind) {
  mode = kind;
  form.reset();
  showError("");
  dialog.dataset.mode = kind;
  $("protocol-heading").textContent = t[`${kind}_heading`];
  $("protocol-submit").textContent = t[`${kind}_submit`];
  $("protocol-stand-in").hidden = kind !== "stand_in";
  $("protocol-absence").hidden = kind !== "absence";
  dialog.showModal();
  choose(null);
  try {
    await loadRoster();
  } catch {
    showError(t.offline);
  }
  const start = kind === "stand_in" && lastAnswered ? roster.find((a) => a.id === lastAnswered.id) : null;
  if (start) choose(start);
  else if (!chosen) renderMatches(); // typed while the list was loading
}

function close() {
  dialog.close();
  $("scan-input")?.focus();
}

// ---- the answer, in the desk's big box, in the protocol desk's own colours ---------------------------

function showResult(kind, title, lines, colour) {
  const box = $("result");
  box.className = `result result-${kind}`;
  box.querySelector(".result-icon").textContent = kind === "stand_in" ? "⇄" : "✉";
  box.querySelector(".result-title").textContent = title;
  box.querySelector(".result-detail").replaceChildren(...lines.filter(Boolean).map((line) => {
    const span = document.createElement("span");
    span.textContent = line;
    return span;
  }));
  box.style.setProperty("--group-colour", colour || "transparent");
  play(kind === "stand_in" ? "checked_in" : "queued");
}

async function submitStandIn() {
  const name = form.elements.stand_in_name.value.trim();
  if (!name) return showError(t.need_name);
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const body = {
    attendee_id: chosen.id, desk: deskName(), scanned_at: serverNow(),
    client_id: `${deskName().slice(0, 20)}-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`,
    stand_in: { name, position: form.elements.stand_in_position.value.trim() },
  };
  const { response, answer } = await send("POST", "/api/v1/checkins", body);
  if (!response.ok || !["checked_in", "already_checked_in"].includes(answer.status)) {
    return showError(answer.error?.message ?? answer.message ?? t.offline);
  }
  const a = answer.attendee;
  const standIn = a.stand_in ?? body.stand_in;
  close();
  showResult("stand_in", t.stand_in_title,
    [[standIn.name, standIn.position].filter(Boolean).join(", "), format(t.stand_in_for, { name: a.name }),
      [a.position, a.unit].filter(Boolean).join(" — "), [a.group.name, a.group.seat_area].filter(Boolean).join(" · "),
      a.number], a.group.colour);
}

async function submitAbsence(clear = false) {
  const reason = form.elements.reason.value.trim();
  if (!clear && !reason) return showError(t.need_reason);
  const url = `/api/v1/attendees/${chosen.id}/absence`;
  const { response, answer } = await (clear ? send("DELETE", url) : send("PUT", url, { reason }));
  if (!response.ok) return showError(answer.error?.message ?? t.offline);
  const a = answer.attendee;
  close();
  showResult("absence", clear ? t.absence_cleared : t.absence_title,
    [a.name, clear ? "" : format(t.reason, { reason: a.absence.reason }), a.position, a.group.name, a.number],
    a.group.colour);
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!chosen) {
    if (matches.length === 1) choose(matches[0]);
    return showError(t.need_delegate);
  }
  showError("");
  try {
    await (mode === "stand_in" ? submitStandIn() : submitAbsence());
  } catch {
    showError(t.offline);
  }
});
$("absence-clear").addEventListener("click", () => submitAbsence(true).catch(() => showError(t.offline)));
$("protocol-cancel").addEventListener("click", close);
$("protocol-change").addEventListener("click", () => choose(null));
search.addEventListener("input", renderMatches);
search.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    if (matches.length) choose(matches[0]);
  }
});
$("stand-in-open").addEventListener("click", () => open("stand_in"));
$("absence-open").addEventListener("click", () => open("absence"));
