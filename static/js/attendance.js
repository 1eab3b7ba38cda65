// Counts per group, kept live on every page that shows the attendance table
// (the desk and the organiser's overview): in rows marked data-group, the cells
// marked data-expected, data-registered and data-arrived; the totals in
// data-expected-total, data-registered-total and data-arrived-total.
//
// They follow the `attendance` push, and are fetched again whenever the live
// connection comes back (pushes missed meanwhile are not replayed). A desk also
// draws them from its own copy of the delegate list (drawCounts), which is what
// it knows while the server cannot be reached.
import { socket } from "./live.js";

const FIELDS = { expected: "expected", registered: "registered", arrived: "checked_in" };

function setText(selector, value) {
  const cell = document.querySelector(selector);
  if (cell && value != null && cell.textContent !== String(value)) cell.textContent = value;
}

/** Draw counts shaped as GET /api/v1/attendance: {groups: [{code, expected?, registered, checked_in}], total}. */
export function drawAttendance(data) {
  for (const group of data.groups) {
    for (const [field, key] of Object.entries(FIELDS)) setText(`tr[data-group="${group.code}"] [data-${field}]`, group[key]);
  }
  for (const [field, key] of Object.entries(FIELDS)) setText(`[data-${field}-total]`, data.total[key]);
}

/**
 * Draw registered and arrived counts from a list of delegates as a desk holds them ({group: {code}, revoked,
 * checked_in_at}): the server's rule, revoked delegates neither registered nor arrived. Expected stays as shown.
 */
export function drawCounts(delegates) {
  const groups = new Map([...document.querySelectorAll("tr[data-group]")]
    .map((row) => [row.dataset.group, { code: row.dataset.group, registered: 0, checked_in: 0 }]));
  const total = { registered: 0, checked_in: 0 };
  for (const delegate of delegates) {
    if (delegate.revoked) continue;
    const group = groups.get(delegate.group.code);
    const arrived = delegate.checked_in_at ? 1 : 0;
    if (group) {
      group.registered += 1;
      group.checked_in += arrived;
    }
    total.registered += 1;
    total.checked_in += arrived;
  }
  drawAttendance({ groups: [...groups.values()], total });
}

socket.on("attendance", drawAttendance);

let connectedBefore = false;
socket.on("connect", async () => {
  if (!connectedBefore) {
    connectedBefore = true; // the page was just rendered with fresh counts
    return;
  }
  try {
    const response = await fetch("/api/v1/attendance", { credentials: "same-origin" });
    if (response.ok) drawAttendance(await response.json());
  } catch {
    // Lost again: the next reconnect tries again.
  }
});
