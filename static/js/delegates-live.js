// The organiser's list of delegates (/admin/delegates), live: each row's arrival
// (time in the event's time zone, desk) and status follow the `arrival` and
// `delegates` pushes on /live (an admin session is in the desks' room). A row
// that no longer fits the page's filters is hidden, one that fits again shown;
// delegates that now fit but are not on the page are counted in a notice with a
// link to reload.
import { formatTime, socket } from "./live.js";
import { fold } from "./text.js";

const t = JSON.parse(document.getElementById("delegates-i18n").textContent);
const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const table = document.querySelector("[data-delegates]");
// The server's filters (kiosk/attendees/management.py): the group's code, the folded query within the
// folded search key (name, seat, position, unit, number), arrived or not.
const filters = { group: table.dataset.group, query: fold(table.dataset.query), arrival: table.dataset.arrival };
const notOnPage = new Set();

function fits(row) {
  if (filters.group && row.group.code !== filters.group) return false;
  const key = [row.full_name, row.seat_label, row.position, row.unit, row.number].filter(Boolean).map(fold).join(" ");
  if (!key.includes(filters.query)) return false;
  if (filters.arrival === "arrived") return Boolean(row.checked_in_at);
  if (filters.arrival === "missing") return !row.checked_in_at && !row.revoked;
  return true;
}

const fullTime = new Intl.DateTimeFormat("en-GB", {
  day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
  hour12: false, timeZone: document.body.dataset.timezone || undefined,
});
/** dd/mm/yyyy HH:MM:SS, as the server's local_datetime. */
const longTime = (date) => fullTime.format(date).replace(",", "");

function tag(className, text, title) {
  const span = Object.assign(document.createElement("span"), { className, textContent: text });
  if (title) span.title = title;
  return span;
}

function drawRow(tr, row) {
  const arrival = tr.querySelector("[data-arrival]");
  if (row.checked_in_at) {
    const when = Date.parse(row.checked_in_at) / 1000;
    arrival.replaceChildren(tag("tag tag-ok", `✓ ${formatTime(when)} · ${row.checked_in_desk ?? ""}`,
      longTime(new Date(when * 1000))));
  } else {
    arrival.replaceChildren(tag("meta", "—"));
  }
  const status = tr.querySelector("[data-status]");
  if (row.revoked) status.replaceChildren(tag("tag tag-bad", t.revoked));
  else if (row.badge_version > 1) status.replaceChildren(tag("tag", format(t.version, { n: row.badge_version })));
  else status.replaceChildren();
  tr.classList.toggle("is-arrived", Boolean(row.checked_in_at));
  tr.classList.toggle("is-revoked", row.revoked);
  tr.hidden = !fits(row);
}

function update(rows, removed = []) {
  for (const row of rows) {
    const tr = table.querySelector(`tr[data-attendee="${row.id}"]`);
    if (tr) drawRow(tr, row);
    else if (fits(row)) notOnPage.add(row.id);
    else notOnPage.delete(row.id);
  }
  for (const id of removed) {
    notOnPage.delete(id);
    const tr = table.querySelector(`tr[data-attendee="${id}"]`);
    if (tr) tr.hidden = true;
  }
  const shown = table.querySelectorAll("tr[data-attendee]:not([hidden])").length;
  document.querySelector("[data-delegates-count]").textContent = format(t.count, { n: shown });
  const notice = document.querySelector("[data-delegates-new]");
  notice.hidden = notOnPage.size === 0;
  notice.querySelector("span").textContent = format(t.new, { n: notOnPage.size });
  notice.querySelector("a").href = window.location.href;
}

socket.on("arrival", (row) => update([row]));
socket.on("delegates", ({ changed, removed }) => update(changed, removed));
