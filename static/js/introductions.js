// The MC's introductions (/introductions): the words come from the server (GET /api/v1/introductions,
// kiosk/protocol/introductions.py), in protocol order; this page only shows them and keeps them live.
// Every push that may change who is introduced (`arrival`, `delegates`, `attendance` on /live) fetches them
// again, so a late arrival appears in its place. Whoever appeared since the MC last pressed "Đã xem" is
// marked MỚI; what the MC has seen is kept in this browser (localStorage), per event.
import { socket } from "./live.js";

const t = JSON.parse(document.getElementById("intro-i18n").textContent);
const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const $ = (selector) => document.querySelector(selector);

const eventId = $(".intro").dataset.eventId;
const SEEN_KEY = `kiosk.introductions.seen.${eventId}`;
const SIZE_KEY = "kiosk.introductions.size";
const REFRESH_DELAY_MS = 250;

let state = JSON.parse(document.getElementById("intro-state").textContent);

/** One key per person introduced: the delegate, and again whoever stands in for them. */
function keysOf(group) {
  return new Map(group.delegates.map((d) => [d.id, `${d.id}:${d.stand_in_for ? d.name : ""}`]));
}
const allKeys = (s) => s.groups.flatMap((group) => [...keysOf(group).values()]);

const stored = localStorage.getItem(SEEN_KEY);
const seen = new Set(stored ? JSON.parse(stored) : allKeys(state)); // opening the page is looking
const saveSeen = () => localStorage.setItem(SEEN_KEY, JSON.stringify([...seen]));
saveSeen();

function part(piece, key) {
  const span = document.createElement("span");
  span.className = "intro-part";
  span.textContent = piece.text;
  if (piece.id != null) {
    span.classList.add("intro-person");
    span.dataset.delegate = piece.id;
    if (!seen.has(key)) {
      span.classList.add("is-new");
      const mark = document.createElement("mark");
      mark.className = "intro-new";
      mark.textContent = t.new;
      span.prepend(mark, " ");
    }
  }
  return span;
}

function render() {
  $("[data-intro-empty]").hidden = state.groups.length > 0;
  $("[data-intro-opening]").textContent = state.opening;
  $("[data-intro-closing]").textContent = state.closing;
  let fresh = 0;
  $("[data-intro-groups]").replaceChildren(...state.groups.map((group) => {
    const keys = keysOf(group);
    const section = document.createElement("section");
    section.className = `intro-group intro-${group.mode}`;
    section.dataset.group = group.code;
    const name = document.createElement("p");
    name.className = "intro-group-name";
    name.textContent = group.name;
    const line = document.createElement("p");
    line.className = "intro-line";
    for (const piece of group.parts) {
      const key = keys.get(piece.id);
      if (piece.id != null && !seen.has(key)) fresh += 1;
      line.append(part(piece, key), " ");
    }
    section.append(name, line);
    return section;
  }));
  const button = $("[data-mark-seen]");
  button.hidden = fresh === 0;
  button.textContent = format(t.mark_seen, { n: fresh });
}

let pending = null;
async function refresh() {
  pending = null;
  try {
    const response = await fetch("/api/v1/introductions", { credentials: "same-origin" });
    if (response.status === 401) return window.location.reload();
    if (!response.ok) return;
    state = await response.json();
    render();
  } catch {
    // Offline: keep what is shown; the next push or reconnection fetches again.
  }
}
const refreshSoon = () => { pending ??= setTimeout(refresh, REFRESH_DELAY_MS); };

socket.on("arrival", refreshSoon);
socket.on("delegates", refreshSoon);
socket.on("attendance", (data) => {
  $("[data-intro-counts]").textContent = format(t.counts, {
    present: data.total.checked_in, registered: data.total.registered, stand_ins: data.total.stand_ins,
    excused: data.total.excused, absent: data.total.absent,
  });
  refreshSoon();
});
socket.on("connect", refreshSoon); // a reconnection may have missed pushes

$("[data-mark-seen]").addEventListener("click", () => {
  for (const key of allKeys(state)) seen.add(key);
  saveSeen();
  render();
});

// Text size for the lectern: A− / A+, remembered on this device.
let size = Number(localStorage.getItem(SIZE_KEY)) || 1;
const applySize = () => $(".intro-script").style.setProperty("--intro-scale", size.toFixed(1));
for (const button of document.querySelectorAll("[data-size]")) {
  button.addEventListener("click", () => {
    size = Math.min(1.8, Math.max(0.8, size + Number(button.dataset.size) * 0.1));
    localStorage.setItem(SIZE_KEY, String(size));
    applySize();
  });
}
applySize();
render();
