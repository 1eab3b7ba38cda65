// Finding a delegate by name, unit, position or badge number, typed without accents
// into the desk's one input. Enter checks in only a delegate who is certain: the
// one match, the one the text names exactly (their badge number, "DU-002" and not
// "CQDU-002"; else a full name no one else has), or the one chosen with the arrows.
// With several matches and none of these, Enter checks in nobody: it points at
// the list (a hint, the list highlighted) so that the arrows or a click choose.
import { fold } from "../text.js";
import { looksLikeToken } from "../token.js";
import { $, format, hhmm, t } from "./common.js";
import { allDelegates, onRosterChange, searchText } from "./roster.js";

const SHOWN = 8;
const list = $("search-results");
const hint = $("search-hint");

let matches = [];
let total = 0;
let chosen = -1; // the index chosen with the arrows; -1: none

export function hideSearch() {
  list.hidden = true;
  hint.hidden = true;
  list.classList.remove("needs-choice");
  matches = [];
  chosen = -1;
  $("scan-input").removeAttribute("aria-activedescendant");
}

function render(onChoose) {
  const input = $("scan-input");
  if (!matches.length) {
    list.replaceChildren(Object.assign(document.createElement("li"), { className: "no-match", textContent: t.no_match }));
  } else {
    list.replaceChildren(...matches.map((a, index) => {
      const item = document.createElement("li");
      item.id = `match-${a.id}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(index === chosen));
      item.className = index === chosen ? "is-selected" : "";
      item.style.setProperty("--group-colour", a.group.colour);
      item.innerHTML = "<strong></strong> <span></span> <em></em>";
      item.querySelector("strong").textContent = a.name;
      item.querySelector("span").textContent = [a.position, a.unit, a.number].filter(Boolean).join(" · ");
      item.querySelector("em").textContent = a.checked_in_at ? `✓ ${t.arrived} ${hhmm(a.checked_in_at)}` : "";
      item.addEventListener("click", () => onChoose(a));
      return item;
    }));
  }
  if (chosen >= 0) input.setAttribute("aria-activedescendant", `match-${matches[chosen].id}`);
  else input.removeAttribute("aria-activedescendant");
  list.hidden = false;
}

function pointAtList() {
  hint.textContent = format(total > matches.length ? t.search_choose_more : t.search_choose,
    { n: total, shown: matches.length });
  hint.hidden = false;
  list.classList.remove("needs-choice");
  void list.offsetWidth; // restart the highlight's animation on every Enter
  list.classList.add("needs-choice");
}

/**
 * Wire the search to ``input`` (the desk's one input). ``onChoose(delegate)`` checks one in. Returns the
 * handler for Enter on text that is not a badge: true when it checked someone in.
 */
/** The one delegate of ``found`` that ``folded`` names exactly: by badge number, else by a name no one else has. */
function namedExactly(found, folded) {
  for (const key of [(a) => a.number, (a) => a.full_name ?? a.seat_label ?? ""]) {
    const named = found.filter((a) => fold(key(a)) === folded);
    if (named.length === 1) return named[0];
  }
  return null;
}

export function initSearch(input, onChoose) {
  function search(keepChoice) {
    const text = input.value;
    if (looksLikeToken(text) || fold(text).length < 2) return hideSearch();
    const words = fold(text).split(" ");
    const before = keepChoice && chosen >= 0 ? matches[chosen].id : null;
    const found = allDelegates().filter((a) => !a.revoked && words.every((word) => searchText(a).includes(word)));
    const exact = namedExactly(found, fold(text));
    total = found.length;
    matches = (exact ? [exact, ...found.filter((a) => a !== exact)] : found).slice(0, SHOWN);
    const kept = matches.findIndex((a) => a.id === before);
    chosen = kept >= 0 ? kept : (matches.length === 1 || exact ? 0 : -1);
    if (!keepChoice) {
      hint.hidden = true;
      list.classList.remove("needs-choice");
    }
    render(onChoose);
  }
  input.addEventListener("input", () => search(false));
  // The list arrived or changed (a first visit, another desk's scan): what is typed is searched again.
  onRosterChange(() => { if (!list.hidden) search(true); });

  input.addEventListener("keydown", (event) => {
    if (list.hidden || !matches.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      chosen = chosen < 0 ? (step > 0 ? 0 : matches.length - 1) : (chosen + step + matches.length) % matches.length;
      hint.hidden = true;
      list.classList.remove("needs-choice");
      render(onChoose);
      list.children[chosen]?.scrollIntoView({ block: "nearest" });
    } else if (event.key === "Escape") {
      hideSearch();
    }
  });

  return function enter() {
    if (list.hidden || !matches.length) return false;
    if (chosen < 0) {
      pointAtList();
      return false;
    }
    onChoose(matches[chosen]);
    return true;
  };
}
