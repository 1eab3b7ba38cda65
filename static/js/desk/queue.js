// Sending scans, and the offline queue: a scan the server cannot take is checked
// against the desk's copy, shown in blue and kept in localStorage (it survives a
// reload); the queue goes out by itself, each scan once (its client_id), as soon
// as the server answers again: on the live connection's return, and by trying
// every few seconds meanwhile. A queued scan the server refuses turns the big
// answer red, with the name and the refusal's sound.
import { socket } from "../live.js";
import { leaving } from "../logout.js";
import { $, deskName, format, hhmm, t } from "./common.js";
import { addRecent, attendeeLines, showRefusal, showRepeat, showResult } from "./answers.js";
import { loadRoster, localDelegate, localRefusal, updateDelegate } from "./roster.js";

const QUEUE_KEY = "kiosk.queue";
const REQUEST_TIMEOUT_MS = 4000;
const RETRY_MS = 3000;

export function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12)); // randomUUID needs HTTPS; this does not
  return `${deskName().slice(0, 20)}-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** A JSON request that gives up after REQUEST_TIMEOUT_MS; rejects when the server cannot be reached. */
export async function send(method, url, body) {
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

export const queued = () => JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");

function saveQueue(items) {
  if (leaving()) return;
  localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  const status = $("queue-status");
  status.hidden = items.length === 0;
  status.textContent = format(t.queue, { n: items.length });
}

/** The server cannot be reached: answer from the desk's copy, and queue what the server must still hear. */
export function recordOffline(scanRequest) {
  const a = localDelegate(scanRequest);
  const refusal = localRefusal(scanRequest, a);
  if (refusal) { // as the server would answer: nothing to queue
    showRefusal("revoked", refusal === "removed" ? t.revoked_removed : t.revoked_reissued, a.name);
    addRecent("revoked", a.name);
    return;
  }
  saveQueue([...queued(), scanRequest]);
  onThePanel = scanRequest.client_id;
  if (a?.checked_in_at) {
    showRepeat(a, a.checked_in_at, a.checked_in_desk);
  } else if (a) {
    // The desk holds no key: a badge's signature is checked by the server only. Until then, the person must
    // match the name on the badge (a forged badge names someone real; the server refuses it once it hears).
    const check = scanRequest.token ? [t.queued_unverified] : [];
    showResult("queued", t.queued, [...attendeeLines(a), ...check, t.queued_detail], a.group.colour);
    updateDelegate({ ...a, checked_in_at: new Date(scanRequest.scanned_at * 1000).toISOString(),
      checked_in_desk: deskName() });
  } else {
    showResult("queued", t.queued, [t.queued_unknown, t.queued_detail], null);
  }
  addRecent("queued", a ? a.name : scanRequest.token);
}

/** The queued scan whose blue answer is on the panel, if nothing has replaced it since. */
let onThePanel = null;

function showSynced(item, answer) {
  const name = answer.attendee?.name ?? localDelegate(item)?.name;
  const shown = onThePanel === item.client_id && $("result").classList.contains("result-queued");
  if (answer.status === "checked_in") {
    // The blue "queued" answer still up becomes the server's green, quietly: whoever it was for has gone in.
    if (shown) showResult("checked_in", t.checked_in, [...attendeeLines(answer.attendee), t.synced_ok],
      answer.attendee.group.colour, { quiet: true });
    addRecent("checked_in", name);
  } else if (answer.status === "already_checked_in") {
    if (shown) showRepeat(answer.attendee, answer.first_checked_in_at, answer.first_desk, [], { quiet: true });
    addRecent("already_checked_in", format(t.synced_repeat, { name, time: hhmm(answer.first_checked_in_at) }));
  } else { // refused: it must not pass unnoticed
    const message = answer.message ?? answer.error?.message ?? "";
    showRefusal(answer.status === "revoked" ? "revoked" : "invalid", message, name,
      [format(t.synced_refused, { time: hhmm(new Date(item.scanned_at * 1000).toISOString()) })]);
    addRecent(answer.status === "revoked" ? "revoked" : "invalid",
      [t.synced_invalid, name, message].filter(Boolean).join(" — "));
  }
}

let flushing = false;

/** Send the queue, oldest first; stops at the first scan the server cannot take yet. */
export async function flushQueue() {
  if (flushing || queued().length === 0) return;
  flushing = true;
  let sent = 0;
  try {
    for (const item of queued()) {
      let response;
      try {
        response = await send("POST", "/api/v1/checkins", item);
      } catch {
        return; // still offline
      }
      if (response.status === 401) {
        window.location.reload(); // signed out: the queue waits in localStorage for the PIN
        return;
      }
      if (response.status >= 500 || response.status === 403 || response.status === 429) return; // try later
      const answer = await response.json().catch(() => ({}));
      saveQueue(queued().filter((q) => q.client_id !== item.client_id));
      sent += 1;
      if (answer.attendee) updateDelegate(answer.attendee);
      showSynced(item, response.ok ? answer : { status: "invalid", error: answer.error });
    }
  } finally {
    flushing = false;
    // What the desk guessed offline (an arrival the server refused) gives way to the server's list.
    if (sent) loadRoster();
  }
}

saveQueue(queued());
setInterval(flushQueue, RETRY_MS);
socket.on("connect", flushQueue);
