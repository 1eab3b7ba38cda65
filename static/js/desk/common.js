// What every part of the desk shares: its texts, the desk's name, times in the event's zone.
import { serverNow, timeZone } from "../live.js";

/** The desk's texts (templates/checkin.html, #desk-i18n), with {name} placeholders. */
export const t = JSON.parse(document.getElementById("desk-i18n").textContent);
export const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
export const $ = (id) => document.getElementById(id);

export const eventId = Number(document.querySelector(".desk").dataset.eventId);

const DESK_KEY = "kiosk.desk";
const deskInput = $("desk-name");
// As the server stores it (NFC, trimmed): a name typed in decomposed Unicode (Unikey's "tổ hợp") is the same name.
const asStored = (text) => text.normalize("NFC").trim();
// A desk never named keeps the name it was first given ("Bàn 1"), whatever language the page is shown in later.
if (!localStorage.getItem(DESK_KEY)) localStorage.setItem(DESK_KEY, t.desk_default);
deskInput.value = localStorage.getItem(DESK_KEY);
deskInput.addEventListener("change", () => {
  deskInput.value = asStored(deskInput.value) || t.desk_default;
  localStorage.setItem(DESK_KEY, deskInput.value);
});
/** This desk's name, as its check-ins record it ("Bàn 1"). */
export const deskName = () => asStored(deskInput.value) || t.desk_default;

const timeFormat = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
/** An ISO time as HH:MM in the event's time zone ("" for none). */
export const hhmm = (iso) => (iso ? timeFormat.format(new Date(iso)) : "");
/** The server's time now, as HH:MM in the event's time zone. */
export const nowHhmm = () => timeFormat.format(new Date(serverNow() * 1000));
