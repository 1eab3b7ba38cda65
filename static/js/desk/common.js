// What every part of the desk shares: its texts, the desk's name, times in the event's zone.
import { serverNow, timeZone } from "../live.js";

/** The desk's texts (templates/checkin.html, #desk-i18n), with {name} placeholders. */
export const t = JSON.parse(document.getElementById("desk-i18n").textContent);
export const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
export const $ = (id) => document.getElementById(id);

export const eventId = Number(document.querySelector(".desk").dataset.eventId);

const DESK_KEY = "kiosk.desk";
const deskInput = $("desk-name");
deskInput.value = localStorage.getItem(DESK_KEY) || t.desk_default;
deskInput.addEventListener("change", () => {
  deskInput.value = deskInput.value.trim() || t.desk_default;
  localStorage.setItem(DESK_KEY, deskInput.value);
});
/** This desk's name, as its check-ins record it ("Bàn 1"). */
export const deskName = () => deskInput.value.trim() || t.desk_default;

const timeFormat = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
/** An ISO time as HH:MM in the event's time zone ("" for none). */
export const hhmm = (iso) => (iso ? timeFormat.format(new Date(iso)) : "");
/** The server's time now, as HH:MM in the event's time zone. */
export const nowHhmm = () => timeFormat.format(new Date(serverNow() * 1000));
