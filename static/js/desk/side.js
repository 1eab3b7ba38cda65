// The side panel: arrivals per group and who has not arrived yet. Both follow the
// desk's copy of the list, so they stay right while the server cannot be reached
// (the `attendance` push draws the same counts while it can: static/js/attendance.js).
import { drawCounts } from "../attendance.js";
import { $ } from "./common.js";
import { allDelegates, onRosterChange, rosterKnown } from "./roster.js";

const details = document.querySelector("details.missing");

function renderMissing() {
  const missing = allDelegates().filter((a) => !a.checked_in_at && !a.revoked);
  $("missing-count").textContent = rosterKnown ? missing.length : "…";
  if (!details.open) return;
  $("missing-list").replaceChildren(...missing.map((a) => {
    const item = document.createElement("li");
    item.style.setProperty("--group-colour", a.group.colour);
    item.textContent = `${a.name} — ${a.group.code}`;
    return item;
  }));
}

function render() {
  if (rosterKnown) drawCounts(allDelegates());
  renderMissing();
}

export function initSidePanel() {
  onRosterChange(render);
  details.addEventListener("toggle", renderMissing);
  render();
}
