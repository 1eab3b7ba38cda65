// Đăng xuất: ends this browser's session on the server (a copy of the cookie is then worth nothing), and
// leaves nothing of the desk behind. First the desk's offline queue is sent (each scan keeps its client_id,
// so one already sent counts once); if some cannot be sent, the user chooses. Then the session ends, and the
// desk's copy of the delegate list, its queue and the page kept for offline use are forgotten: the next
// person at this browser finds a PIN form, and a cached desk page with no one in it.
const ROSTER_PREFIX = "kiosk.roster.";
const QUEUE_KEY = "kiosk.queue";
const DESK_CACHE_PREFIX = "kiosk-desk";

let leavingNow = false;
/** True once logging out has begun: pages must not write the roster or the queue back. */
export const leaving = () => leavingNow;

const storedQueue = () => {
  try {
    return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
  } catch {
    return [];
  }
};

/** Send what the desk queued offline; the scans that could not be sent stay queued. */
async function sendQueue() {
  for (const item of storedQueue()) {
    let response;
    try {
      response = await fetch("/api/v1/checkins", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(item),
      });
    } catch {
      return; // offline
    }
    if (response.status === 401 || response.status >= 500) return;
    localStorage.setItem(QUEUE_KEY, JSON.stringify(storedQueue().filter((q) => q.client_id !== item.client_id)));
  }
}

/** Forget the desk: every event's roster, the queue, and the service worker's copy of the desk page. */
export async function forgetDesk({ keepQueue = false } = {}) {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(ROSTER_PREFIX) || (!keepQueue && key === QUEUE_KEY)) localStorage.removeItem(key);
  }
  if (window.caches) {
    for (const name of await caches.keys()) if (name.startsWith(DESK_CACHE_PREFIX)) await caches.delete(name);
  }
}

async function logOut(button) {
  button.disabled = true;
  try {
    await sendQueue();
    const unsent = storedQueue().length;
    if (unsent && !window.confirm(button.dataset.unsent.replace("{n}", unsent))) return;
    leavingNow = true;
    let ended = false;
    try {
      ended = (await fetch("/api/v1/logout", { method: "POST", credentials: "same-origin" })).ok;
    } catch {
      ended = false;
    }
    if (!ended) {
      // The server alone can end the session: nothing is forgotten until it has.
      leavingNow = false;
      window.alert(button.dataset.failed);
      return;
    }
    await forgetDesk();
    window.location.reload();
  } finally {
    button.disabled = false;
  }
}

for (const button of document.querySelectorAll("[data-logout]")) {
  button.addEventListener("click", () => logOut(button));
}

// A desk's PIN form means this browser has no desk session (logged out, or its day is over): the delegate
// list it kept goes; the queue stays, to be sent once someone signs in again.
if (document.querySelector('#login-form[data-role="reception"]')) forgetDesk({ keepQueue: true });
