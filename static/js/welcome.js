// The welcome banner on the hall screen (templates/_welcome_banner.html): shown until the chair starts the
// first item, which the `timer` state tells (an item no longer idle: started, finished or skipped); the
// arrivals count follows the `attendance` pushes (public counts, no names).
import { socket } from "./live.js";
import { onState } from "./timer.js";

const banner = document.querySelector("[data-welcome]");
const arrived = banner.querySelector("[data-welcome-arrived]");
const registered = banner.querySelector("[data-welcome-registered]");

/** Has the programme begun? Any item the chair has touched says so. */
export const started = (state) => state.items.some((item) => item.status !== "idle") || state.programme_ended;

onState((state) => {
  const show = !started(state);
  banner.hidden = !show;
  document.body.classList.toggle("is-welcoming", show);
  // What the banner covers is out of play meanwhile (no focus, no clicks, not read aloud), whatever its layout.
  for (const covered of banner.parentElement.children) {
    if (covered !== banner && !["SCRIPT", "LINK"].includes(covered.tagName)) covered.inert = show;
  }
});

function showCounts(data) {
  arrived.textContent = data.total.checked_in;
  registered.textContent = data.total.registered;
}
socket.on("attendance", showCounts);

async function loadCounts() {
  try {
    const response = await fetch("/api/v1/attendance");
    if (response.ok) showCounts(await response.json());
  } catch {
    // Offline: the next push brings the counts.
  }
}
socket.on("connect", loadCounts);
loadCounts();
