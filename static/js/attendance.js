// Arrivals per group, kept live on every page that shows the attendance table
// (the desk and the organiser's overview): cells marked data-arrived in rows
// marked data-group, and the total in data-arrived-total.
import { socket } from "./live.js";

socket.on("attendance", (data) => {
  for (const group of data.groups) {
    const cell = document.querySelector(`tr[data-group="${group.code}"] [data-arrived]`);
    if (cell) cell.textContent = group.arrived;
  }
  const total = document.querySelector("[data-arrived-total]");
  if (total) total.textContent = data.total.checked_in;
});
