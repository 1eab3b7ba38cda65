// The big answer (colour, icon, words and sound) and the list of recent scans.
import { play } from "../sounds.js";
import { $, format, hhmm, nowHhmm, t } from "./common.js";

const resultBox = $("result");
const ICONS = { checked_in: "✓", already_checked_in: "!", invalid: "✕", revoked: "⊘", queued: "↑", undone: "↶" };
const RECENT_MAX = 12;

/**
 * Fill the answer: ``kind`` picks colour, icon and sound; ``lines`` under the title (empty ones left out).
 * ``quiet``: no sound (an answer corrected after the fact, when the person is gone).
 */
export function showResult(kind, title, lines, colour, { quiet = false } = {}) {
  resultBox.className = `result result-${kind}`;
  resultBox.querySelector(".result-icon").textContent = ICONS[kind] ?? "▣";
  resultBox.querySelector(".result-title").textContent = title;
  resultBox.querySelector(".result-detail").replaceChildren(...lines.filter(Boolean).map((line) => {
    const span = document.createElement("span");
    span.textContent = line;
    return span;
  }));
  resultBox.style.setProperty("--group-colour", colour || "transparent");
  if (!quiet) play(kind);
}

export function attendeeLines(a) {
  return [a.name, [a.position, a.unit].filter(Boolean).join(" — "),
    [a.group.name, a.group.seat_area].filter(Boolean).join(" · "), a.number];
}

export function showRepeat(a, time, desk, extra = [], options = {}) {
  showResult("already_checked_in", t.already_checked_in,
    [format(t.already_detail, { time: hhmm(time), desk: desk || "?" }), ...attendeeLines(a), ...extra], a.group.colour,
    options);
}

/** A refused badge, big and red: the server's reason, and whose badge it names when known. */
export function showRefusal(status, message, name, extra = []) {
  showResult(status === "revoked" ? "revoked" : "invalid", status === "revoked" ? t.revoked : t.invalid,
    [name, message, ...extra], null);
}

/** The server's answer to a scan (POST /api/v1/checkins). */
export function showAnswer(answer) {
  const a = answer.attendee;
  switch (answer.status) {
    case "checked_in":
      showResult("checked_in", t.checked_in, attendeeLines(a), a.group.colour);
      break;
    case "already_checked_in":
      showRepeat(a, answer.first_checked_in_at, answer.first_desk);
      break;
    default:
      showRefusal(answer.status, answer.message, a?.name);
  }
  addRecent(answer.status, a ? a.name : answer.message);
}

export function addRecent(status, text, time = nowHhmm()) {
  const list = $("recent");
  const item = document.createElement("li");
  item.className = `recent-${status}`;
  item.textContent = `${time} · ${ICONS[status] ?? ""} ${text ?? ""}`;
  list.prepend(item);
  while (list.children.length > RECENT_MAX) list.lastChild.remove();
}

/**
 * A desk opened again (a reload, a new tab) starts its list from the arrivals it recorded that still count,
 * newest first, at their own times: the copy holds each delegate's arrival and its desk. Refusals, repeats
 * and undos are not kept anywhere, so they do not come back.
 */
export function recallRecent(delegates, desk, { renamed = false } = {}) {
  if (renamed) $("recent").replaceChildren(); // another desk's name: its own arrivals, not the old name's
  else if ($("recent").children.length) return;
  delegates.filter((a) => a.checked_in_at && a.checked_in_desk === desk && !a.revoked)
    .sort((x, y) => Date.parse(x.checked_in_at) - Date.parse(y.checked_in_at))
    .slice(-RECENT_MAX)
    .forEach((a) => addRecent("checked_in", a.name, hhmm(a.checked_in_at)));
}
