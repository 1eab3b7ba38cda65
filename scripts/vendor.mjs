// Copies the browser builds of the npm packages into static/vendor/, where
// Flask serves them: no CDN, the hall may have no internet. Also writes the
// chimes of /stage and /screen (static/js/chime.js) into static/vendor/sounds/:
// short bell-like WAVs synthesised here, so no audio file is kept in git.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");
const files = {
  "socket.io-client/dist/socket.io.min.js": "socket.io.min.js",
  "socket.io-client/dist/socket.io.min.js.map": "socket.io.min.js.map",
  // The camera scanner: a BarcodeDetector ponyfill and its decoder, served
  // locally (by default it would fetch the .wasm from a CDN).
  "barcode-detector/dist/iife/ponyfill.js": "barcode-detector.js",
  "zxing-wasm/dist/reader/zxing_reader.wasm": "zxing_reader.wasm",
};

mkdirSync(vendor, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(vendor, to));
}

// --- chimes: [frequency Hz, start s, length s] per note -------------------------
const RATE = 22050;
const CHIMES = {
  amber: [[659.25, 0, 0.7]], // one soft E5: two minutes left
  red: [[880, 0, 0.45], [880, 0.3, 0.6]], // two A5: one minute left
  zero: [[987.77, 0, 0.5], [783.99, 0.25, 0.5], [659.25, 0.5, 0.9]], // B5 G5 E5 falling: time is up
};

/** 16-bit mono PCM WAV of `notes`: each a decaying sine with two softer overtones (a small bell). */
function wav(notes) {
  const seconds = Math.max(...notes.map(([, start, length]) => start + length)) + 0.05;
  const samples = new Float64Array(Math.ceil(seconds * RATE));
  for (const [frequency, start, length] of notes) {
    const first = Math.round(start * RATE);
    for (let i = 0; i < Math.round(length * RATE); i += 1) {
      const t = i / RATE;
      const envelope = Math.min(1, t / 0.008) * Math.exp((-5 * t) / length);
      const tone = Math.sin(2 * Math.PI * frequency * t) + 0.35 * Math.sin(4 * Math.PI * frequency * t)
        + 0.12 * Math.sin(6 * Math.PI * frequency * t);
      samples[first + i] += 0.45 * envelope * tone;
    }
  }
  const data = Buffer.alloc(44 + samples.length * 2);
  data.write("RIFF", 0, "ascii");
  data.writeUInt32LE(36 + samples.length * 2, 4);
  data.write("WAVEfmt ", 8, "ascii");
  data.writeUInt32LE(16, 16); // fmt chunk size
  data.writeUInt16LE(1, 20); // PCM
  data.writeUInt16LE(1, 22); // mono
  data.writeUInt32LE(RATE, 24);
  data.writeUInt32LE(RATE * 2, 28); // bytes per second
  data.writeUInt16LE(2, 32); // bytes per frame
  data.writeUInt16LE(16, 34); // bits per sample
  data.write("data", 36, "ascii");
  data.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((sample, i) => {
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample)) * 32767), 44 + i * 2);
  });
  return data;
}

const sounds = join(vendor, "sounds");
mkdirSync(sounds, { recursive: true });
for (const [name, notes] of Object.entries(CHIMES)) {
  writeFileSync(join(sounds, `${name}.wav`), wav(notes));
}
console.log(`vendor: ${Object.keys(files).length} files copied and ${Object.keys(CHIMES).length} chimes written`
  + " into static/vendor/");
