// The reception desk: USB scanner, camera and name search; answers in colour,
// words and sound; keeps working offline with a local roster and a queue.
import "./attendance.js";
import { serverNow, socket, timeZone } from "./live.js";
import { play } from "./sounds.js";
import { fold } from "./text.js";
import { looksLikeToken, readTokenIds } from "./token.js";
import { byProtocolOrder, deskAnswered } from "./protocol-desk.js";

const t = JSON.parse(document.getElementById("desk-i18n").textContent);
// Texts from the template carry {name} placeholders.
const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const $ = (id) => document.getElementById(id);

const eventId = Number(document.querySelector(".desk").dataset.eventId);
const ROSTER_KEY = `kiosk.roster.${eventId}`;
const QUEUE_KEY = "kiosk.queue";
const DESK_KEY = "kiosk.desk";
const REQUEST_TIMEOUT_MS = 4000;

const scanInput = $("scan-input");
const deskInput = $("desk-name");
const resultBox = $("result");
const holderForm = $("holder-form");
const searchList = $("search-results");

deskInput.value = localStorage.getItem(DESK_KEY) || t.desk_default;
deskInput.addEventListener("change", () => localStorage.setItem(DESK_KEY, deskInput.value.trim() || t.desk_default));
const deskName = () => deskInput.value.trim() || t.desk_default;

// ---- roster: the desk's copy of what it shows of each delegate ------------

let roster = new Map(JSON.parse(localStorage.getItem(ROSTER_KEY) || "[]").map((a) => [a.id, a]));

function saveRoster() {
  localStorage.setItem(ROSTER_KEY, JSON.stringify([...roster.values()]));
}

function searchText(a) {
  return a._search ??= fold([a.full_name, a.seat_label, a.position, a.unit, a.number, a.group.code].join(" "));
}

async function loadRoster() {
  try {
    const response = await fetch("/api/v1/desk/roster", { credentials: "same-origin" });
    if (response.status === 401) return window.location.reload();
    if (!response.ok) return;
    const body = await response.json();
    roster = new Map(body.attendees.map((a) => [a.id, a]));
    saveRoster();
    renderMissing();
  } catch {
    // Offline: keep the stored copy.
  }
}

function updateAttendee(attendee) {
  roster.set(attendee.id, attendee);
  saveRoster();
  renderMissing();
}

// ---- answers ----------------------------------------------------------------

const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  hour: "2-digit", minute: "2-digit", hour12: false, timeZone,
});
const hhmm = (iso) => (iso ? timeFormat.format(new Date(iso)) : "");

const ICONS = { checked_in: "✓", already_checked_in: "!", invalid: "✕", revoked: "⊘", queued: "↑", undone: "↶" };

function showResult(kind, title, lines, colour) {
  resultBox.className = `result result-${kind}`;
  resultBox.querySelector(".result-icon").textContent = ICONS[kind] ?? "▣";
  resultBox.querySelector(".result-title").textContent = title;
  const detail = resultBox.querySelector(".result-detail");
  detail.replaceChildren(...lines.filter(Boolean).map((line) => {
    const p = document.createElement("span");
    p.textContent = line;
    return p;
  }));
  resultBox.style.setProperty("--group-colour", colour || "transparent");
  play(kind);
}

function attendeeLines(a) {
  return [a.name, [a.position, a.unit].filter(Boolean).join(" — "), `${a.group.name} · ${a.group.seat_area || ""}`,
    a.number];
}

function showAnswer(answer) {
  const a = answer.attendee;
  switch (answer.status) {
    case "checked_in":
      showResult("checked_in", t.checked_in, attendeeLines(a), a.group.colour);
      if (a.seat && answer.checkin_id) askHolderName(answer.checkin_id);
      break;
    case "already_checked_in":
      showResult("already_checked_in", t.already_checked_in,
        [format(t.already_detail, { time: hhmm(answer.first_checked_in_at), desk: answer.first_desk || "?" }),
          ...attendeeLines(a)], a.group.colour);
      break;
    case "revoked":
      showResult("revoked", t.revoked, [answer.message, a?.name], null);
      break;
    default:
      showResult("invalid", t.invalid, [answer.message], null);
  }
  if (a) updateAttendee(a);
  deskAnswered(answer);
  addRecent(answer.status, a ? a.name : answer.message);
}

function addRecent(status, text) {
  const item = document.createElement("li");
  item.className = `recent-${status}`;
  item.textContent = `${timeFormat.format(new Date(serverNow() * 1000))} · ${ICONS[status] ?? ""} ${text ?? ""}`;
  $("recent").prepend(item);
  while ($("recent").children.length > 12) $("recent").lastChild.remove();
}

// ---- seat badges: ask who holds it ------------------------------------------

let holderCheckinId = null;

function askHolderName(checkinId) {
  holderCheckinId = checkinId;
  holderForm.hidden = false;
  $("holder-name").value = "";
  $("holder-name").placeholder = t.seat_prompt;
  $("holder-name").focus();
}

function closeHolderForm() {
  holderForm.hidden = true;
  holderCheckinId = null;
  scanInput.focus();
}

holderForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = $("holder-name").value.trim();
  const checkinId = holderCheckinId;
  closeHolderForm();
  if (looksLikeToken(name)) return scan({ token: name }); // the scanner typed the next badge here
  if (!name || !checkinId) return;
  const response = await send("PATCH", `/api/v1/checkins/${checkinId}`, { holder_name: name }).catch(() => null);
  if (response?.ok) addRecent("checked_in", `${t.holder_saved} ${name}`);
});
$("holder-name").addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeHolderForm();
});

// ---- sending, and the offline queue -----------------------------------------

function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12)); // randomUUID needs HTTPS; this does not
  return `${deskName().slice(0, 20)}-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

async function send(method, url, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, {
      method, credentials: "same-origin", signal: controller.signal,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
  } finally {
    clearTimeout(timer);
  }
}

const queue = () => JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
function saveQueue(items) {
  localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  const status = $("queue-status");
  status.hidden = items.length === 0;
  status.textContent = format(t.queue, { n: items.length });
}

function localAttendee(payload) {
  if (payload.attendee_id) return roster.get(payload.attendee_id);
  const ids = readTokenIds(payload.token);
  return ids && ids.eventId === eventId ? roster.get(ids.attendeeId) : undefined;
}

/** Why the server would refuse this scan, judged from the desk's copy: "removed", "revoked" or null. */
function localRefusal(payload, a) {
  if (!a) return null;
  if (a.revoked) return "removed";
  const ids = payload.token ? readTokenIds(payload.token) : null;
  return ids && ids.version < a.badge_version ? "revoked" : null;
}

function recordOffline(scanRequest) {
  const a = localAttendee(scanRequest);
  const refusal = localRefusal(scanRequest, a);
  if (refusal) { // as the server would answer: nothing to queue
    showResult("revoked", t.revoked, [refusal === "removed" ? t.revoked_removed : t.revoked_reissued, a.name], null);
    addRecent("revoked", a.name);
    return;
  }
  saveQueue([...queue(), scanRequest]);
  if (a?.checked_in_at) {
    showResult("already_checked_in", t.already_checked_in,
      [format(t.already_detail, { time: hhmm(a.checked_in_at), desk: a.checked_in_desk || "?" }), ...attendeeLines(a)],
      a.group.colour);
  } else if (a) {
    showResult("queued", t.queued, [...attendeeLines(a), t.queued_detail], a.group.colour);
    updateAttendee({ ...a, checked_in_at: new Date(scanRequest.scanned_at * 1000).toISOString(),
      checked_in_desk: deskName() });
  } else {
    showResult("queued", t.queued, [t.queued_unknown, t.queued_detail], null);
  }
  addRecent("queued", a ? a.name : scanRequest.token);
}

async function scan(payload) {
  const scanRequest = { ...payload, desk: deskName(), client_id: newClientId(), scanned_at: serverNow() };
  scanInput.value = "";
  hideSearch();
  scanInput.focus();
  let response;
  try {
    response = await send("POST", "/api/v1/checkins", scanRequest);
  } catch {
    return recordOffline(scanRequest);
  }
  if (response.status === 401) return window.location.reload();
  if (response.status >= 500 || response.status === 0) return recordOffline(scanRequest);
  const answer = await response.json();
  if (!response.ok) return showResult("invalid", t.invalid, [answer.error?.message], null);
  showAnswer(answer);
}

let flushing = false;
async function flushQueue() {
  if (flushing || queue().length === 0) return;
  flushing = true;
  try {
    for (const item of queue()) {
      let response;
      try {
        response = await send("POST", "/api/v1/checkins", item);
      } catch {
        return; // still offline
      }
      if (response.status === 401 || response.status >= 500) return;
      const answer = await response.json();
      saveQueue(queue().filter((q) => q.client_id !== item.client_id));
      if (answer.attendee) updateAttendee(answer.attendee);
      if (answer.status === "checked_in") addRecent("checked_in", answer.attendee.name);
      else if (answer.status === "already_checked_in") {
        addRecent("already_checked_in", format(t.synced_repeat,
          { name: answer.attendee.name, time: hhmm(answer.first_checked_in_at) }));
      } else addRecent(answer.status, `${t.synced_invalid}: ${answer.message ?? ""}`);
    }
  } finally {
    flushing = false;
  }
}
saveQueue(queue());
setInterval(flushQueue, 3000);
socket.on("connect", () => { flushQueue(); loadRoster(); });

// ---- the one input: scanner, or search by name --------------------------------

let matches = [];
let selected = 0;

function hideSearch() {
  searchList.hidden = true;
  matches = [];
}

function renderSearch() {
  searchList.replaceChildren(...(matches.length ? matches.map((a, index) => {
    const item = document.createElement("li");
    item.role = "option";
    item.className = index === selected ? "is-selected" : "";
    item.style.setProperty("--group-colour", a.group.colour);
    item.innerHTML = "<strong></strong> <span></span> <em></em>";
    item.querySelector("strong").textContent = a.name;
    item.querySelector("span").textContent = [a.position, a.unit, a.number].filter(Boolean).join(" · ");
    item.querySelector("em").textContent = a.checked_in_at ? `✓ ${t.arrived} ${hhmm(a.checked_in_at)}` : "";
    item.addEventListener("click", () => scan({ attendee_id: a.id }));
    return item;
  }) : [Object.assign(document.createElement("li"), { textContent: t.no_match })]));
  searchList.hidden = false;
}

scanInput.addEventListener("input", () => {
  const text = scanInput.value;
  if (looksLikeToken(text) || fold(text).length < 2) return hideSearch();
  const words = fold(text).split(" ");
  matches = [...roster.values()]
    .filter((a) => !a.revoked && words.every((word) => searchText(a).includes(word)))
    .slice(0, 8);
  selected = 0;
  renderSearch();
});

scanInput.addEventListener("keydown", (event) => {
  if (searchList.hidden || !matches.length) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    selected = (selected + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
    renderSearch();
  } else if (event.key === "Escape") {
    hideSearch();
  }
});

$("scan-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = scanInput.value.trim();
  if (!text) return;
  if (looksLikeToken(text)) return scan({ token: text });
  if (matches.length) return scan({ attendee_id: matches[selected].id });
});

// Keep the scanner's keystrokes landing in the input: any stray click elsewhere
// (not on a control) gives the focus back.
document.addEventListener("click", (event) => {
  if (!event.target.closest("input, select, button, textarea, dialog, summary, a, li")) scanInput.focus();
});

// ---- undo -----------------------------------------------------------------------

$("undo").addEventListener("click", async () => {
  const last = [...roster.values()].filter((a) => a.checked_in_desk === deskName() && a.checked_in_at)
    .sort((x, y) => y.checked_in_at.localeCompare(x.checked_in_at))[0];
  const reason = window.prompt(format(t.undo_reason, { name: last ? last.name : "" }));
  if (!reason || !reason.trim()) return scanInput.focus();
  const response = await send("POST", "/api/v1/checkins/undo", { desk: deskName(), reason }).catch(() => null);
  const body = await response?.json().catch(() => ({}));
  if (response?.ok) {
    updateAttendee(body.attendee);
    showResult("undone", t.undone, [body.attendee.name, reason], body.attendee.group.colour);
    addRecent("undone", body.attendee.name);
  } else {
    showResult("invalid", body?.error?.message ?? t.nothing_to_undo, [], null);
  }
  scanInput.focus();
});

// ---- walk-ins -------------------------------------------------------------------

const walkin = $("walkin");
$("walkin-open").addEventListener("click", () => {
  $("walkin-badge").hidden = true;
  $("walkin-error").hidden = true;
  walkin.showModal();
});
$("walkin-cancel").addEventListener("click", () => { walkin.close(); scanInput.focus(); });
$("walkin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = Object.fromEntries(new FormData(form));
  const response = await send("POST", "/api/v1/attendees", body).catch(() => null);
  const answer = await response?.json().catch(() => ({}));
  if (!response?.ok) {
    $("walkin-error").textContent = answer?.error?.message ?? t.queued_detail;
    $("walkin-error").hidden = false;
    return;
  }
  updateAttendee(answer.attendee);
  await scan({ attendee_id: answer.attendee.id });
  const links = $("walkin-badge");
  links.replaceChildren();
  const image = Object.assign(document.createElement("img"), { src: answer.badge.png, alt: answer.attendee.name });
  const png = Object.assign(document.createElement("a"), { href: answer.badge.png, textContent: t.badge_png, download: "" });
  const pdf = Object.assign(document.createElement("a"), { href: answer.badge.pdf, textContent: t.badge_pdf, target: "_blank" });
  links.append(image, png, " · ", pdf);
  links.hidden = false;
  form.reset();
});

// ---- live attendance --------------------------------------------------------------

socket.on("arrival", (attendee) => updateAttendee(attendee));
// Every other change to delegates (added, edited, revoked, re-issued, undone, imported): the desk's copy follows.
socket.on("delegates", ({ changed, removed }) => {
  for (const attendee of changed) roster.set(attendee.id, attendee);
  for (const id of removed) roster.delete(id);
  saveRoster();
  renderMissing();
});

function renderMissing() {
  const missing = [...roster.values()].filter((a) => !a.checked_in_at && !a.revoked).sort(byProtocolOrder);
  $("missing-count").textContent = missing.length;
  const list = $("missing-list");
  if (!list.closest("details").open) return;
  list.replaceChildren(...missing.map((a) => {
    const item = document.createElement("li");
    item.style.setProperty("--group-colour", a.group.colour);
    item.textContent = `${a.name} — ${a.group.code}`;
    return item;
  }));
}
document.querySelector("details.missing").addEventListener("toggle", renderMissing);

// ---- camera -----------------------------------------------------------------------

let stream = null;
let detector = null;
let lastCode = { text: "", at: 0 };

async function makeDetector() {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats().catch(() => []);
    if (formats.includes("qr_code")) return new window.BarcodeDetector({ formats: ["qr_code"] });
  }
  const api = window.BarcodeDetectionAPI;
  api.prepareZXingModule({
    overrides: {
      locateFile: (path, prefix) => (path.endsWith(".wasm") ? "/static/vendor/zxing_reader.wasm" : prefix + path),
    },
  });
  return new api.BarcodeDetector({ formats: ["qr_code"] });
}

async function startCamera(deviceId) {
  stopCamera();
  if (!navigator.mediaDevices?.getUserMedia) {
    showResult("invalid", t.camera_insecure, [], null);
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: "environment" }, audio: false,
    });
  } catch (error) {
    showResult("invalid", format(t.camera_error, { error: error.message }), [], null);
    return;
  }
  const video = $("camera-video");
  video.srcObject = stream;
  await video.play();
  $("camera").hidden = false;
  detector ??= await makeDetector();
  await listCameras(stream.getVideoTracks()[0].getSettings().deviceId);
  const track = stream.getVideoTracks()[0];
  $("torch-toggle").hidden = !(track.getCapabilities?.().torch);
  scanFrames(video);
}

function stopCamera() {
  stream?.getTracks().forEach((track) => track.stop());
  stream = null;
  $("camera").hidden = true;
}

async function listCameras(currentId) {
  const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  $("camera-select").replaceChildren(...cameras.map((camera, index) => Object.assign(document.createElement("option"), {
    value: camera.deviceId, textContent: camera.label || `Camera ${index + 1}`, selected: camera.deviceId === currentId,
  })));
}

async function scanFrames(video) {
  while (stream) {
    try {
      const codes = await detector.detect(video);
      const text = codes[0]?.rawValue;
      const now = Date.now();
      if (text && (text !== lastCode.text || now - lastCode.at > 3000)) {
        lastCode = { text, at: now };
        if (looksLikeToken(text)) await scan({ token: text });
        else showResult("invalid", t.invalid, [text], null);
      }
    } catch {
      // A frame that could not be read: try the next one.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

$("camera-toggle").addEventListener("click", () => (stream ? stopCamera() : startCamera()));
$("camera-select").addEventListener("change", (event) => startCamera(event.target.value));
let torchOn = false;
$("torch-toggle").addEventListener("click", async () => {
  torchOn = !torchOn;
  await stream?.getVideoTracks()[0].applyConstraints({ advanced: [{ torch: torchOn }] }).catch(() => {});
});

if ("serviceWorker" in navigator) navigator.serviceWorker.register("/desk-sw.js").catch(() => {});
loadRoster();
scanInput.focus();
