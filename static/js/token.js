// Reads a badge token's ids without its signature, for an offline desk only:
// "K1." + base32(varint event, varint attendee, varint version, 16-byte MAC).
// The server verifies the signature when the queued scan is sent.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const TOKEN_PREFIX = "K1.";

export function looksLikeToken(text) {
  return text.trim().toUpperCase().startsWith(TOKEN_PREFIX);
}

function base32Decode(text) {
  const bytes = [];
  let buffer = 0, bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

export function readTokenIds(token) {
  const text = token.trim().toUpperCase();
  if (!text.startsWith(TOKEN_PREFIX)) return null;
  const bytes = base32Decode(text.slice(TOKEN_PREFIX.length));
  if (!bytes) return null;
  const values = [];
  let position = 0;
  for (let i = 0; i < 3; i += 1) {
    let value = 0, shift = 0;
    for (;;) {
      if (position >= bytes.length || shift > 21) return null;
      const byte = bytes[position++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    values.push(value);
  }
  if (bytes.length - position !== 16) return null;
  const [eventId, attendeeId, version] = values;
  return { eventId, attendeeId, version };
}
