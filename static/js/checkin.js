// The reception desk: USB scanner, camera and name search in one input; answers in
// colour, words and sound; keeps working offline with its copy of the delegate list
// and a queue. The parts live in static/js/desk/:
//   common.js   texts, the desk's name, times     roster.js  the desk's copy of the list
//   answers.js  the big answer, recent scans     queue.js   sending, the offline queue
//   search.js   finding a delegate by name       camera.js  reading badges with a camera
//   side.js     counts and who has not arrived
// The page works offline from its first visit: /desk-sw.js stores it with
// everything it loads (kiosk/checkin/offline.py).
import { serverNow } from "./live.js";
import { looksLikeToken } from "./token.js";
import { $, deskName, format, t } from "./desk/common.js";
import { addRecent, recallRecent, showAnswer, showRefusal, showResult } from "./desk/answers.js";
import { initCamera } from "./desk/camera.js";
import { newClientId, recordOffline, send } from "./desk/queue.js";
import { allDelegates, loadRoster, rosterKnown, updateDelegate } from "./desk/roster.js";
import { hideSearch, initSearch } from "./desk/search.js";
import { initSidePanel } from "./desk/side.js";
import { deskAnswered } from "./protocol-desk.js";

const scanInput = $("scan-input");
const holderForm = $("holder-form");

// ---- a scan: the server's answer, or the desk's own while it cannot be reached -------

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
  if (response.status >= 500) return recordOffline(scanRequest);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) return showRefusal("invalid", answer.error?.message);
  showAnswer(answer);
  deskAnswered(answer);
  if (answer.attendee) updateDelegate(answer.attendee);
  if (answer.status === "checked_in" && answer.attendee.seat && answer.checkin_id) askHolderName(answer.checkin_id);
}

// ---- the one input: a scanner types a badge and Enter; or a name is searched ----------

const enterOnSearch = initSearch(scanInput, (a) => scan({ attendee_id: a.id }));

$("scan-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = scanInput.value.trim();
  if (!text) return;
  if (looksLikeToken(text)) scan({ token: text });
  else enterOnSearch();
});

// Keep the scanner's keystrokes landing in the input: any stray click elsewhere
// (not on a control) gives the focus back.
document.addEventListener("click", (event) => {
  if (!event.target.closest("input, select, button, textarea, dialog, summary, a, li")) scanInput.focus();
});

// ---- seat badges: ask who holds it --------------------------------------------------

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

// ---- undo ---------------------------------------------------------------------------

$("undo").addEventListener("click", async () => {
  const last = allDelegates().filter((a) => a.checked_in_desk === deskName() && a.checked_in_at)
    .sort((x, y) => y.checked_in_at.localeCompare(x.checked_in_at))[0];
  const reason = window.prompt(format(t.undo_reason, { name: last ? last.name : "" }));
  if (!reason || !reason.trim()) return scanInput.focus();
  // Registered here by mistake? Then the registration goes too (the server withdraws only a walk-in's).
  const withdraw = Boolean(last?.walk_in) && window.confirm(format(t.withdraw_walk_in, { name: last.name }));
  const request = { desk: deskName(), reason, withdraw_walk_in: withdraw, ...(last ? { attendee_id: last.id } : {}) };
  const response = await send("POST", "/api/v1/checkins/undo", request).catch(() => null);
  const body = await response?.json().catch(() => ({}));
  deskAnswered(response?.ok ? { status: "undone", attendee: body.attendee } : null);
  if (response?.ok) {
    updateDelegate(body.attendee);
    showResult("undone", body.walk_in_withdrawn ? t.undone_withdrawn : t.undone, [body.attendee.name, reason],
      body.attendee.group.colour);
    addRecent("undone", body.attendee.name);
  } else {
    showResult("invalid", body?.error?.message ?? t.nothing_to_undo, [], null);
  }
  scanInput.focus();
});

// ---- walk-ins -----------------------------------------------------------------------

const walkin = $("walkin");
$("walkin-open").addEventListener("click", () => {
  $("walkin-badge").hidden = true;
  $("walkin-error").hidden = true;
  $("walkin-namesake").hidden = true;
  walkin.showModal();
});
$("walkin-cancel").addEventListener("click", () => { walkin.close(); scanInput.focus(); });
$("walkin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = Object.fromEntries(new FormData(form));
  body.same_name = Boolean(body.same_name); // the box is there once the server said the name is on the list
  const response = await send("POST", "/api/v1/attendees", body).catch(() => null);
  const answer = await response?.json().catch(() => ({}));
  if (!response?.ok) {
    $("walkin-error").textContent = answer?.error?.message ?? t.queued_detail;
    $("walkin-error").hidden = false;
    if (answer?.error?.code === "same_name_on_list") $("walkin-namesake").hidden = false;
    return;
  }
  $("walkin-namesake").hidden = true;
  updateDelegate(answer.attendee);
  await scan({ attendee_id: answer.attendee.id });
  const links = $("walkin-badge");
  const image = Object.assign(document.createElement("img"), { src: answer.badge.png, alt: answer.attendee.name });
  const png = Object.assign(document.createElement("a"), { href: answer.badge.png, textContent: t.badge_png, download: "" });
  const pdf = Object.assign(document.createElement("a"), { href: answer.badge.pdf, textContent: t.badge_pdf, target: "_blank" });
  links.replaceChildren(image, png, " · ", pdf);
  links.hidden = false;
  form.reset();
});

// ---- camera, side panel, start -------------------------------------------------------

initCamera(async (text) => {
  if (looksLikeToken(text)) await scan({ token: text });
  else showRefusal("invalid", text);
}, (message) => showResult("invalid", message, [], null));

initSidePanel();
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/desk-sw.js").catch(() => {});
if (rosterKnown) recallRecent(allDelegates(), deskName());
$("desk-name").addEventListener("change", () => recallRecent(allDelegates(), deskName(), { renamed: true }));
loadRoster().then(() => recallRecent(allDelegates(), deskName()));
scanInput.focus();
