// Reads a badge token's ids without its signature, for an offline desk only:
// "K1." + base32(varint event, varint attendee, varint version, 16-byte MAC).
// The server verifies the signature when the queued scan is sent. The form is
// kiosk/badges/token.py's: a text it calls malformed (or empty) reads as null here,
// and any other gives the ids it would verify; both sides run tests/shared/token.json.
import { strip } from "./text.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const TOKEN_PREFIX = "K1.";
const MAC_BYTES = 16;
const ID_BITS = 21; // each id is at most three 7-bit varint bytes
const MAX_TOKEN_LENGTH = TOKEN_PREFIX.length + Math.ceil(((3 * 3 + MAC_BYTES) * 8) / 5);

export function looksLikeToken(text) {
  return strip(text).toUpperCase().startsWith(TOKEN_PREFIX);
}

/** Unpadded base32 as bytes; null unless it is the one canonical spelling of them. */
function base32Decode(text) {
  const bytes = [];
  let buffer = 0, bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  // Five or more bits left: a length no bytes encode to; left-over bits set: not canonical.
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}

export function readTokenIds(token) {
  const trimmed = strip(token);
  if (!/^[\x00-\x7f]*$/.test(trimmed)) return null; // toUpperCase would turn ſ into S
  const text = trimmed.toUpperCase();
  if (!text.startsWith(TOKEN_PREFIX) || text.length > MAX_TOKEN_LENGTH) return null;
  const bytes = base32Decode(text.slice(TOKEN_PREFIX.length));
  if (!bytes) return null;
  const values = [];
  let position = 0;
  for (let i = 0; i < 3; i += 1) {
    let value = 0, shift = 0;
    for (;;) {
      if (position >= bytes.length || shift >= ID_BITS) return null;
      const byte = bytes[position++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    values.push(value);
  }
  if (bytes.length - position !== MAC_BYTES) return null;
  const [eventId, attendeeId, version] = values;
  return { eventId, attendeeId, version };
}
