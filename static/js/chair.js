// The chair's console: buttons and keyboard shortcuts send commands to
// /api/v1/timer/<command>; the answer (and the push to every screen) is the
// new state. Space start/pause/resume, N next, P previous, + and − a minute.
// The shortcuts work whatever was clicked or typed last: a pressed button gives
// the keys back, and a text box does once its message is sent or on Escape (while
// one is being typed in, the page says so).
// Every clock command carries a fresh client_id; a press whose answer was lost
// keeps its id, so pressing the same button again retries it instead of
// applying it twice (the server answers a known id without applying it).
// "Kết thúc lúc…" asks /api/v1/timer/fit for a proposal (a dry run), shows it
// beside the plan, and applies it with one tap. The saved messages' buttons
// follow the state's quick_messages (edited on /admin/agenda).
import { formatClock, onState, showState } from "./timer.js";
import { formatTime } from "./live.js";

const strings = JSON.parse(document.getElementById("chair-i18n").textContent);
const errorBox = document.querySelector("[data-chair-error]");
const upcomingList = document.querySelector("[data-upcoming]");
let errorTimer = null;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { errorBox.hidden = true; }, 5000);
}

/** A key for one press: random hex (crypto.randomUUID needs HTTPS, the hall's LAN may be plain HTTP). */
function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// The last keyed request whose answer never came: the same request again within a minute reuses its key.
let lost = null;
const RETRY_WINDOW_MS = 60_000;

function keyFor(what) {
  if (lost && lost.what === what && Date.now() - lost.at < RETRY_WINDOW_MS) return lost.key;
  return newKey();
}

async function send(method, path, body, { keyed = false, onError = showError } = {}) {
  const what = `${method} ${path} ${JSON.stringify(body ?? null)}`;
  const key = keyed ? keyFor(what) : null;
  const sent = key ? { ...body, client_id: key } : body;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: sent === undefined ? undefined : JSON.stringify(sent),
    });
  } catch {
    if (key) lost = { what, key, at: Date.now() };
    onError(key ? `${strings.failed} ${strings.retry}` : strings.failed);
    return null;
  }
  if (response.status === 401) {
    window.location.reload(); // the session ended: the page asks for the PIN again
    return null;
  }
  const answer = await response.json().catch(() => ({}));
  if (key) lost = response.status >= 500 ? { what, key, at: Date.now() } : null;
  if (!response.ok) {
    onError(answer.error?.message ?? response.statusText, answer.error);
    return null;
  }
  errorBox.hidden = true;
  return answer;
}

let shown = null; // the state on screen
onState((state) => { shown = state; });

/** Show a command's answer; a retried one only if nothing newer arrived meanwhile. */
function showAnswer(state) {
  if (!state.replayed || !shown || state.revision > shown.revision) showState(state);
}

async function command(name, body = {}) {
  const state = await send("POST", `/api/v1/timer/${name}`, body, { keyed: true });
  if (state) showAnswer(state);
}

// --- the presenter's message ---------------------------------------------------
// No maxlength on the box: a pasted message would be cut without a word. The count shows as it is typed,
// counted as the server counts (NFC, trimmed, characters), and a message too long is refused here, beside
// the box, as the server would refuse it.

const messageInput = document.getElementById("message-text");
const messageCount = document.querySelector("[data-message-count]");
const messageError = document.querySelector("[data-message-error]");
const MAX_MESSAGE = Number(messageInput.dataset.maxLength);
const messageLength = (text) => [...text.normalize("NFC").trim()].length;

function showMessageError(message) {
  messageError.textContent = message;
  messageError.hidden = !message;
}

function drawMessageCount() {
  const length = messageLength(messageInput.value);
  const over = length > MAX_MESSAGE;
  messageCount.textContent = length ? `${length}/${MAX_MESSAGE}` : "";
  messageCount.classList.toggle("over", over);
  showMessageError(over ? strings.message_too_long.replace("{n}", length).replace("{max}", MAX_MESSAGE) : "");
  return !over;
}
messageInput.addEventListener("input", drawMessageCount);

async function sendMessage(text) {
  const answer = await send("POST", "/api/v1/messages", { text }, { onError: showMessageError });
  if (answer) showMessageError("");
  return answer;
}

// --- controls ---------------------------------------------------------------

for (const button of document.querySelectorAll("[data-command]")) {
  button.addEventListener("click", () => {
    const seconds = button.dataset.seconds;
    command(button.dataset.command, seconds ? { seconds: Number(seconds) } : {});
  });
}
// A button pressed with the mouse or a finger keeps no focus: Space is the clock's, not "press it again".
document.addEventListener("click", (event) => event.target.closest?.("button")?.blur());

const SHORTCUTS = {
  " ": () => command("toggle"),
  n: () => command("next"),
  p: () => command("previous"),
  "+": () => command("add", { seconds: 60 }),
  "=": () => command("add", { seconds: 60 }),
  "-": () => command("add", { seconds: -60 }),
  "−": () => command("add", { seconds: -60 }),
};
const TEXT_BOX = "input:not([type=button], [type=submit], [type=checkbox], [type=radio]), textarea, select, [contenteditable]";
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if (event.target.closest?.(TEXT_BOX)) {
    if (event.key === "Escape") event.target.blur(); // back to the shortcuts
    return; // typing: the keys are the text's
  }
  const action = SHORTCUTS[event.key.toLowerCase()];
  if (!action) return;
  event.preventDefault(); // Space also never presses a button that kept focus
  action();
});

const quickMessages = document.querySelector("[data-quick-messages]");
quickMessages.addEventListener("click", (event) => {
  const button = event.target.closest("[data-quick-message]");
  if (!button) return;
  button.blur();
  sendMessage(button.dataset.quickMessage);
});
let quickShown = JSON.stringify([...quickMessages.querySelectorAll("[data-quick-message]")]
  .map((button) => button.dataset.quickMessage));

function drawQuickMessages(state) {
  const messages = state.quick_messages ?? [];
  const key = JSON.stringify(messages);
  if (key === quickShown) return;
  quickShown = key;
  quickMessages.replaceChildren(...messages.map((text) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn";
    button.dataset.quickMessage = text;
    button.textContent = text;
    return button;
  }));
}
document.querySelector("[data-clear-message]").addEventListener("click", () => send("DELETE", "/api/v1/messages"));
document.querySelector("[data-message-form]").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  if (!drawMessageCount()) return; // too long: said beside the box, nothing sent
  if (input.value.trim() && await sendMessage(input.value)) {
    input.value = "";
    drawMessageCount();
    input.blur(); // sent: the keys are the shortcuts again
  }
});

// --- drawn from each state ----------------------------------------------------

const TOGGLE_LABEL = { idle: "start", running: "pause", paused: "resume" };

function drawControls(state) {
  const status = state.status;
  const ended = status === "finished" || status === "skipped";
  document.querySelector("[data-toggle-label]").textContent = strings[TOGGLE_LABEL[status] ?? "start"];
  const enabled = {
    toggle: status in TOGGLE_LABEL,
    add: status != null && !ended,
    finish: status === "running" || status === "paused",
    previous: state.current_id != null && state.order.indexOf(state.current_id) > 0,
    next: state.upcoming.length > 0,
  };
  for (const button of document.querySelectorAll("[data-command]")) {
    button.disabled = !enabled[button.dataset.command];
  }
}

function drawUpcoming(state) {
  const byId = new Map(state.items.map((item) => [item.item_id, item]));
  const ids = state.upcoming;
  const reorder = (from, to) => {
    const order = [...ids];
    [order[from], order[to]] = [order[to], order[from]];
    command("reorder", { order });
  };
  upcomingList.replaceChildren(...ids.map((id, index) => {
    const item = byId.get(id);
    const li = document.createElement("li");
    li.dataset.itemId = id;
    const text = document.createElement("div");
    text.className = "upcoming-text";
    const title = document.createElement("strong");
    title.textContent = `${item.number}. ${item.title}`;
    const presenter = document.createElement("span");
    presenter.textContent = `${item.presenter} · ${Math.round(item.allotted_seconds / 60)}′`;
    text.append(title, presenter);
    const buttons = document.createElement("div");
    buttons.className = "upcoming-buttons";
    const make = (label, cls, disabled, onClick) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `btn ${cls}`;
      button.textContent = label;
      button.disabled = disabled;
      button.addEventListener("click", () => { button.blur(); onClick(); });
      return button;
    };
    buttons.append(
      make(`↑ ${strings.up}`, "btn-up", index === 0, () => reorder(index, index - 1)),
      make(`↓ ${strings.down}`, "btn-down", index === ids.length - 1, () => reorder(index, index + 1)),
      make(strings.skip, "btn-skip", false, () => command("skip", { item_id: id })),
    );
    li.append(text, buttons);
    return li;
  }));
  document.querySelector("[data-upcoming-empty]").hidden = ids.length > 0;
}

// --- "Kết thúc lúc…": a proposal beside the plan, applied with one tap ------------

const fitForm = document.querySelector("[data-fit-form]");
const fitProposal = document.querySelector("[data-fit-proposal]");
const fitError = document.querySelector("[data-fit-error]");
const fitDone = document.querySelector("[data-fit-done]");
let proposed = null; // { end, revision }: the proposal shown
let asked = 0; // the latest request: an answer to an older one is not shown

function fitFailed(message, error) {
  fitError.replaceChildren(message);
  fitError.hidden = false;
  if (error?.code === "cannot_fit" && error.earliest_end_text) {
    const use = document.createElement("button");
    use.type = "button";
    use.className = "btn btn-small";
    use.textContent = `${strings.fit_earliest} (${error.earliest_end_text})`;
    use.addEventListener("click", () => {
      use.blur();
      fitForm.elements.end.value = error.earliest_end_text;
      propose(error.earliest_end_text);
    });
    fitError.append(" ", use);
  }
}

function clearFit() {
  proposed = null;
  fitProposal.hidden = true;
  fitError.hidden = true;
}

const minutes = (seconds) => String(Math.floor(seconds / 60));

function drawProposal(answer) {
  const byId = new Map(shown.items.map((item) => [item.item_id, item]));
  document.querySelector("[data-fit-rows]").replaceChildren(...answer.items.map((row) => {
    const item = byId.get(row.id);
    const tr = document.createElement("tr");
    tr.dataset.fitItem = row.id;
    const cells = [item ? `${item.number}. ${item.title}` : String(row.id), formatClock(row.planned_seconds),
      formatClock(row.allotted_before), formatClock(row.allotted_seconds)];
    tr.replaceChildren(...cells.map((text, index) => {
      const cell = document.createElement(index === 0 ? "th" : "td");
      if (index === 0) cell.scope = "row";
      cell.textContent = text;
      return cell;
    }));
    const change = Math.sign(row.allotted_seconds - row.allotted_before);
    if (change) tr.lastChild.className = change < 0 ? "fit-shorter" : "fit-longer";
    return tr;
  }));
  document.querySelector("[data-fit-summary]").textContent = strings.fit_summary
    .replace("{end}", answer.end_text).replace("{n}", answer.items.length)
    .replace("{minutes}", minutes(answer.time_left_seconds)).replace("{floor}", minutes(answer.floor_seconds));
  fitProposal.hidden = false;
}

async function propose(end) {
  const mine = ++asked;
  fitDone.hidden = true;
  fitError.hidden = true;
  const answer = await send("POST", "/api/v1/timer/fit", { end, dry_run: true },
    { onError: (...why) => { if (mine === asked) fitFailed(...why); } });
  if (mine !== asked) return;
  if (!answer) {
    proposed = null;
    fitProposal.hidden = true;
    return;
  }
  proposed = { end, revision: shown.revision };
  drawProposal(answer);
}

fitForm.addEventListener("submit", (event) => {
  event.preventDefault();
  fitForm.elements.end.blur(); // asked: the keys are the shortcuts again
  const end = fitForm.elements.end.value;
  if (end) propose(end.slice(0, 5));
});
document.querySelector("[data-fit-planned]").addEventListener("click", (event) => {
  event.currentTarget.blur();
  fitForm.elements.end.value = formatTime(shown.planned_end);
  propose("planned");
});
document.querySelector("[data-fit-cancel]").addEventListener("click", (event) => {
  event.currentTarget.blur();
  clearFit();
});
document.querySelector("[data-fit-apply]").addEventListener("click", async (event) => {
  event.currentTarget.blur();
  if (!proposed) return;
  const { end } = proposed;
  ++asked;
  clearFit(); // and no proposal is asked for again while the clock takes the new lengths
  const answer = await send("POST", "/api/v1/timer/fit", { end, dry_run: false }, { keyed: true, onError: fitFailed });
  if (!answer) return;
  if (answer.timer) showAnswer(answer.timer);
  fitDone.textContent = strings.fit_applied.replace("{end}", answer.end_text);
  fitDone.hidden = false;
});

// A proposal is for the clock as it was: when the clock moves on, ask again.
function refreshProposal(state) {
  if (proposed && state.revision !== proposed.revision) propose(proposed.end);
}

onState((state) => {
  drawControls(state);
  drawUpcoming(state);
  drawQuickMessages(state);
  refreshProposal(state);
});
