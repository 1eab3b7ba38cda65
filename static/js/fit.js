// Text that must fit its box on a screen nobody scrolls (the hall projector, the
// stage monitor): type shrinks before anything is cut.
//
// Each [data-fit] element starts at its stylesheet's font size and steps down,
// 5 % a step, until its content fits its box (the box comes from the layout:
// a max-height, or a grid row), never below data-fit-min times that size
// (default 0.5). An element with data-fit-drop="<selector>" (the hall's agenda,
// the next items) may hide those rows, one at a time: rows that have ended
// (before the current one) before any type shrinks, then, at the smallest size,
// the last rows; never the current row (.is-current) nor one holding it, and
// never the first row where there is no current one. Type then grows back into
// the room the hidden rows left. data-fit-more names an element that says how
// many rows are hidden ("{n}" in its data-text).
//
// Fitting runs when the page loads, when the window or a box changes size, and
// when the text inside changes (timer.js redraws titles, states, the agenda).
// <html data-fit-passes> counts the passes made and data-fit-pending is there
// while one is due, so a test can tell when the page has settled.

const STEP = 0.95;
const fitted = new Set(document.querySelectorAll("[data-fit]"));

const overflows = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;

/** The rows that may be hidden: [ended rows before the current one, rows from the last one back]. */
function droppable(el) {
  const rows = [...el.querySelectorAll(el.dataset.fitDrop)];
  const keep = (row) => !row.classList.contains("is-current") && !row.querySelector(".is-current");
  const current = rows.findIndex((row) => row.classList.contains("is-current"));
  if (current < 0) return [[], rows.slice(1).filter(keep).reverse()];
  const ended = (row) => ["finished", "skipped"].includes(row.dataset.status)
    || (!row.dataset.status && [...row.querySelectorAll("[data-status]")].every(ended));
  return [rows.slice(0, current).filter((row) => keep(row) && ended(row)), rows.slice(current + 1).filter(keep).reverse()];
}

function fit(el) {
  el.style.fontSize = "";
  for (const row of el.querySelectorAll(".fit-dropped")) row.classList.remove("fit-dropped");
  const start = parseFloat(getComputedStyle(el).fontSize);
  const smallest = start * Number(el.dataset.fitMin || 0.5);
  const setSize = (px) => { el.style.fontSize = `${px}px`; };
  const [ended, last] = el.dataset.fitDrop ? droppable(el) : [[], []];
  let dropped = 0;
  const drop = (rows) => {
    for (const row of rows) {
      if (!overflows(el)) return;
      row.classList.add("fit-dropped");
      dropped += 1;
    }
  };
  drop(ended);
  let size = start;
  while (overflows(el) && size * STEP >= smallest) {
    size *= STEP;
    setSize(size);
  }
  if (overflows(el) && last.length) {
    drop(last);
    while (size / STEP <= start * 1.0001) {  // grow back into the room the hidden rows left
      setSize(size / STEP);
      if (overflows(el)) {
        setSize(size);
        break;
      }
      size /= STEP;
    }
  }
  const more = el.dataset.fitMore ? document.querySelector(el.dataset.fitMore) : null;
  if (more) {
    more.hidden = dropped === 0;
    more.textContent = (more.dataset.text || "+{n}").replace("{n}", dropped);
  }
}

const root = document.documentElement;
let pending = false;
let passes = 0;
function fitAll() {
  if (pending) return;
  pending = true;
  root.dataset.fitPending = "";
  requestAnimationFrame(() => {
    pending = false;
    observer.disconnect();
    for (const el of fitted) fit(el);
    watch();
    passes += 1;
    root.dataset.fitPasses = String(passes);
    delete root.dataset.fitPending;
  });
}

// Changes that may change what fits: text, rows shown or hidden, the current row.
const observer = new MutationObserver(fitAll);
function watch() {
  for (const el of fitted) {
    observer.observe(el, { childList: true, characterData: true, subtree: true, attributes: true,
      attributeFilter: ["class", "hidden", "data-status"] });
  }
}
// A box that changes size (the window, or a neighbour that grew and left it less room) is fitted again.
const sizes = new ResizeObserver(fitAll);
for (const el of fitted) {
  sizes.observe(el);
  sizes.observe(el.parentElement);
}
window.addEventListener("resize", fitAll);
document.fonts?.ready.then(fitAll);
fitAll();
