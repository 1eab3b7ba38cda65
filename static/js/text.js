// Vietnamese search folding, the same rule as kiosk/text.py: no diacritics, đ→d, lower case.
export function fold(text) {
  return (text ?? "")
    .normalize("NFC")
    .replace(/đ/g, "d").replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .split(/\s+/).filter(Boolean).join(" ");
}
