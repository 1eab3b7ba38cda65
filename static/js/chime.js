// Chimes on /stage and /screen: a short sound when the current item's countdown
// turns amber, turns red, and runs out (kiosk.timer.machine's thresholds), once
// per item and threshold: never again on a redraw, a new push or a reconnect,
// and not for a threshold already passed when the page opened.
//
// Off until someone taps the switch on that screen (browsers play sound only
// after a tap on the page); the choice is remembered on that device
// (localStorage). After a reload the switch stays on, and the first tap anywhere
// on the page lets the browser play again. The sounds are files kiosk serves
// (static/vendor/sounds, written by scripts/vendor.mjs), in <audio data-chime>.
import { phaseAt } from "./clock.js";
import { clock, serverNow } from "./live.js";
import { onState } from "./timer.js";

const STORAGE_KEY = "kiosk.chime";
const RANK = { normal: 0, amber: 1, red: 2, overtime: 3 };
const SOUND = { 1: "amber", 2: "red", 3: "zero" };

const strings = JSON.parse(document.getElementById("chime-i18n").textContent);
const button = document.querySelector("[data-chime-switch]");
const label = button.querySelector("[data-chime-label]");
const sounds = Object.fromEntries([...document.querySelectorAll("audio[data-chime]")]
  .map((audio) => [audio.dataset.chime, audio]));

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false; // storage refused (a private window): off, as on a new device
  }
}

function remember(on) {
  try {
    localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  } catch {
    // not remembered; the switch still works until the page closes
  }
}

let on = remembered();
let allowed = navigator.userActivation?.hasBeenActive ?? false; // has this page had a tap?

function draw() {
  button.setAttribute("aria-pressed", String(on));
  label.textContent = !on ? strings.off : allowed ? strings.on : strings.tap;
  document.body.classList.toggle("chime-on", on);
}

/** Let each sound play from now on: some browsers want every element started once inside a tap. */
function unlock() {
  for (const audio of Object.values(sounds)) {
    audio.muted = true;
    audio.play().then(() => {
      audio.pause();
      audio.currentTime = 0;
      audio.muted = false;
    }, () => { audio.muted = false; });
  }
}

button.addEventListener("click", () => {
  on = !on;
  allowed = true;
  remember(on);
  if (on) unlock();
  draw();
});
document.addEventListener("pointerdown", (event) => {
  if (allowed || event.target.closest("[data-chime-switch]")) return;
  allowed = true;
  if (on) unlock();
  draw();
});

function play(name) {
  const audio = sounds[name];
  if (!on || !audio) return;
  audio.currentTime = 0;
  audio.play().catch(() => {
    allowed = false; // the browser wants a tap first: the switch says so
    draw();
  });
}

// --- crossings ------------------------------------------------------------------

let state = null;
let seen = { item: null, rank: null }; // the current item's colour band when last looked at
const chimed = new Set(); // "item:sound", each at most once

function look() {
  if (!state || !Number.isFinite(clock.bestRoundTrip)) return; // the server's time is not known yet
  const item = state.current_id;
  const rank = RANK[phaseAt(state, serverNow())]; // undefined: idle, done or no item
  if (rank === undefined) {
    seen = { item, rank: null };
    return;
  }
  const from = seen.item === item ? seen.rank : null;
  seen = { item, rank };
  if (from === null) {
    // First sight of this countdown: what it has passed already was not seen passing.
    for (let passed = 1; passed <= rank; passed += 1) chimed.add(`${item}:${SOUND[passed]}`);
    return;
  }
  let loudest = null;
  for (let crossed = from + 1; crossed <= rank; crossed += 1) {
    const key = `${item}:${SOUND[crossed]}`;
    if (!chimed.has(key)) {
      chimed.add(key);
      loudest = SOUND[crossed]; // several at once (time removed): only the last one sounds
    }
  }
  if (loudest) play(loudest);
}

onState((next) => {
  state = next;
  look();
});
setInterval(look, 200);
draw();
