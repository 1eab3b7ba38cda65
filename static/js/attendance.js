// Counts per group, kept live on every page that shows the attendance table
// (the desk and the organiser's overview): in rows marked data-group, the cells
// marked data-expected, data-registered and data-arrived; the totals in
// data-expected-total, data-registered-total and data-arrived-total.
import { socket } from "./live.js";

const FIELDS = { expected: "expected", registered: "registered", arrived: "checked_in" };

function setText(selector, value) {
  const cell = document.querySelector(selector);
  if (cell && cell.textContent !== String(value)) cell.textContent = value;
}

socket.on("attendance", (data) => {
  for (const group of data.groups) {
    for (const field of Object.keys(FIELDS)) setText(`tr[data-group="${group.code}"] [data-${field}]`, group[field]);
  }
  for (const [field, total] of Object.entries(FIELDS)) setText(`[data-${field}-total]`, data.total[total]);
});
