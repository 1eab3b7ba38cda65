// The desk's copy of the delegate list: what it shows of each delegate, and no more
// (GET /api/v1/desk/roster). Kept in localStorage, so a desk that has lost the server
// still finds names, checks badges against it, and counts arrivals from it.
import { socket } from "../live.js";
import { leaving } from "../logout.js";
import { fold } from "../text.js";
import { byProtocolOrder } from "../protocol-order.js";
import { readTokenIds } from "../token.js";
import { eventId } from "./common.js";

const ROSTER_KEY = `kiosk.roster.${eventId}`;
const stored = localStorage.getItem(ROSTER_KEY);

let delegates = new Map(JSON.parse(stored || "[]").map((a) => [a.id, a]));
/** True once the copy holds a whole list (stored earlier, or just fetched): counts drawn from it are right. */
export let rosterKnown = stored !== null;
const listeners = [];

/** Call ``listener`` after every change to the copy. */
export function onRosterChange(listener) {
  listeners.push(listener);
}

function changed() {
  if (leaving()) return; // logging out: the copy is being forgotten (static/js/logout.js)
  localStorage.setItem(ROSTER_KEY, JSON.stringify([...delegates.values()]));
  for (const listener of listeners) listener();
}

/** Every delegate of the copy, in protocol order (the server's, as each row's `order` says). */
export const allDelegates = () => [...delegates.values()].sort(byProtocolOrder);
export const delegate = (id) => delegates.get(id);

export function updateDelegate(row) {
  delegates.set(row.id, row);
  changed();
}

/** Fetch the whole list again; false when the server cannot be reached (the stored copy stays). */
export async function loadRoster() {
  try {
    const response = await fetch("/api/v1/desk/roster", { credentials: "same-origin" });
    if (response.status === 401) {
      window.location.reload();
      return false;
    }
    if (!response.ok) return false;
    const body = await response.json();
    delegates = new Map(body.attendees.map((a) => [a.id, a]));
    rosterKnown = true;
    changed();
    return true;
  } catch {
    return false;
  }
}

/** The folded text a name search looks in. */
export function searchText(a) {
  return a._search ??= fold([a.full_name, a.seat_label, a.position, a.unit, a.number, a.group.code].join(" "));
}

/** The delegate a scan names ({token} or {attendee_id}), from the copy; undefined when unknown here. */
export function localDelegate(payload) {
  if (payload.attendee_id) return delegates.get(payload.attendee_id);
  const ids = readTokenIds(payload.token ?? "");
  return ids && ids.eventId === eventId ? delegates.get(ids.attendeeId) : undefined;
}

/** Why the server would refuse this scan, judged from the copy: "removed", "revoked" or null. */
export function localRefusal(payload, a) {
  if (!a) return null;
  if (a.revoked) return "removed";
  const ids = payload.token ? readTokenIds(payload.token) : null;
  return ids && ids.version < a.badge_version ? "revoked" : null;
}

// Every desk's scans, and every other change to delegates (added, edited, revoked,
// re-issued, undone, imported): the copy follows.
socket.on("arrival", (row) => updateDelegate(row));
socket.on("delegates", ({ changed: rows, removed }) => {
  for (const row of rows) delegates.set(row.id, row);
  for (const id of removed) delegates.delete(id);
  changed();
});
