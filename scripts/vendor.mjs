// Copies the browser builds of the npm packages into static/vendor/, where
// Flask serves them: no CDN, the hall may have no internet.
import { copyFileSync, mkdirSync } from "node:fs";
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
console.log(`vendor: ${Object.keys(files).length} files copied into static/vendor/`);
