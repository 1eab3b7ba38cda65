// The chair's console: buttons and keyboard shortcuts send commands to
// /api/v1/timer/<command>; the answer (and the push to every screen) is the
// new state. Space start/pause/resume, N next, P previous, + and − a minute.
// The shortcuts work whatever was clicked or typed last: a pressed button gives
// the keys back, and a text box does once its message is sent or on Escape (while
// one is being typed in, the page says so).
import { onState, showState } from "./timer.js";

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

async function send(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    showError(strings.failed);
    return null;
  }
  if (response.status === 401) {
    window.location.reload(); // the session ended: the page asks for the PIN again
    return null;
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(answer.error?.message ?? response.statusText);
    return null;
  }
  errorBox.hidden = true;
  return answer;
}

async function command(name, body = {}) {
  const state = await send("POST", `/api/v1/timer/${name}`, body);
  if (state) showState(state);
}

const sendMessage = (text) => send("POST", "/api/v1/messages", { text });

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

for (const button of document.querySelectorAll("[data-quick-message]")) {
  button.addEventListener("click", () => sendMessage(button.dataset.quickMessage));
}
document.querySelector("[data-clear-message]").addEventListener("click", () => send("DELETE", "/api/v1/messages"));
document.querySelector("[data-message-form]").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  if (input.value.trim() && await sendMessage(input.value)) {
    input.value = "";
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

onState((state) => {
  drawControls(state);
  drawUpcoming(state);
});
