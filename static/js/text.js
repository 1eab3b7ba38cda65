// Text rules the browser shares with the server (kiosk/text.py); both sides run the
// cases in tests/shared/fold.json. Pure: no DOM, so Node runs them too.

// Python's whitespace (str.isspace, what str.split() and str.strip() use). It is not
// JavaScript's \s: it has U+001C–U+001F and U+0085 (a scanner's GS separator is one),
// and not U+FEFF.
const SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${SPACE}]+`);
const EDGES = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");

// What Python's str.casefold() does beyond toLowerCase() to a letter left after NFD
// (Unicode 14; Cherokee, which casefold maps to capitals, is left out).
const CASEFOLD = {
  "µ": "μ", "ß": "ss", "ŉ": "ʼn", "ſ": "s", "ẚ": "aʾ",
  "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
  "ς": "σ", "ϐ": "β", "ϑ": "θ", "ϕ": "φ", "ϖ": "π", "ϰ": "κ", "ϱ": "ρ", "ϵ": "ε",
  "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т", "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ",
  "և": "եւ", "ﬓ": "մն", "ﬔ": "մե", "ﬕ": "մի", "ﬖ": "վն", "ﬗ": "մխ",
};
const FOLDED = new RegExp(`[${Object.keys(CASEFOLD).join("")}]`, "gu");

/** `text` without the whitespace around it, as Python's str.strip(). */
export function strip(text) {
  return text.replace(EDGES, "");
}

/** Lower case without diacritics, đ→d, single spaces: the key for search (kiosk.text.fold). */
export function fold(text) {
  return (text ?? "")
    .normalize("NFC")
    .replace(/đ/g, "d").replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(FOLDED, (letter) => CASEFOLD[letter])
    .split(SPACES).filter(Boolean).join(" ");
}
