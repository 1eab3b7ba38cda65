// Live connection to /live: shows connected/lost (a lost connection is shown on
// the whole page, never hidden), keeps a wall clock in the server's time (offset
// measured over several round trips, lowest delay kept) and the event's time zone.
const strings = JSON.parse(document.getElementById("i18n").textContent);
const statusEls = document.querySelectorAll("[data-live-status]");
const wallClock = document.querySelector("[data-wall-clock]");

export const clock = { offset: 0, bestRoundTrip: Infinity };
export const serverNow = () => Date.now() / 1000 + clock.offset;

function showStatus(key) {
  for (const el of statusEls) {
    el.textContent = strings[key];
    el.classList.toggle("is-offline", key === "disconnected");
  }
  document.body.classList.toggle("is-offline", key === "disconnected");
}

function measureOffset(socket, rounds = 5) {
  for (let i = 0; i < rounds; i += 1) {
    setTimeout(() => {
      const sent = Date.now() / 1000;
      socket.emit("clock", sent, (reply) => {
        const received = Date.now() / 1000;
        const roundTrip = received - sent;
        if (roundTrip < clock.bestRoundTrip) {
          clock.bestRoundTrip = roundTrip;
          clock.offset = reply.server_time + roundTrip / 2 - received;
        }
      });
    }, i * 200);
  }
}

/** The event's time zone, which the page carries (templates/base.html); the browser's own without an event. */
export const timeZone = document.body.dataset.timezone || undefined;
const formatter = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
/** Epoch seconds as HH:MM, 24-hour, in the event's time zone ("" for none). */
export const formatTime = (epoch) => (epoch == null ? "" : formatter.format(new Date(epoch * 1000)));
function drawWallClock() {
  if (wallClock) wallClock.textContent = formatTime(serverNow());
}

export const socket = window.io("/live", { transports: ["websocket", "polling"] });
showStatus("connecting");
socket.on("connect", () => {
  clock.bestRoundTrip = Infinity;
  showStatus("connected");
  measureOffset(socket);
});
socket.on("disconnect", () => showStatus("disconnected"));
socket.io.on("reconnect_attempt", () => showStatus("disconnected"));

drawWallClock();
setInterval(drawWallClock, 1000);
