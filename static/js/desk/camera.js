// The camera: a phone's, a tablet's or a laptop's, with a choice of camera and the
// torch where there is one. Reads QR codes with the browser's BarcodeDetector, or
// the zxing ponyfill (static/vendor) where there is none.
//
// A badge held in front of the lens is read once: the same code is ignored while
// it stays in view, and for SAME_CODE_PAUSE_MS after it was last seen (a badge
// taken away and shown again at once is the same person still at the desk).
import { $, t } from "./common.js";

const FRAME_MS = 150;
export const SAME_CODE_PAUSE_MS = 5000;

let stream = null;
let detector = null;
let torchOn = false;
const lastSeen = new Map(); // code → when a frame last showed it

async function makeDetector() {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats().catch(() => []);
    if (formats.includes("qr_code")) return new window.BarcodeDetector({ formats: ["qr_code"] });
  }
  const api = window.BarcodeDetectionAPI;
  api.prepareZXingModule({
    overrides: {
      locateFile: (path, prefix) => (path.endsWith(".wasm") ? "/static/vendor/zxing_reader.wasm" : prefix + path),
    },
  });
  return new api.BarcodeDetector({ formats: ["qr_code"] });
}

/** True the first time a code comes into view; false while it stays, and for a pause after it left. */
function isNew(text, now) {
  const seen = lastSeen.get(text);
  lastSeen.set(text, now);
  for (const [code, at] of lastSeen) if (now - at > SAME_CODE_PAUSE_MS) lastSeen.delete(code);
  return seen === undefined || now - seen > SAME_CODE_PAUSE_MS;
}

async function scanFrames(video, onCode) {
  while (stream) {
    try {
      const now = Date.now();
      for (const code of await detector.detect(video)) {
        if (code.rawValue && isNew(code.rawValue, now)) await onCode(code.rawValue);
      }
    } catch {
      // A frame that could not be read: try the next one.
    }
    await new Promise((resolve) => { setTimeout(resolve, FRAME_MS); });
  }
}

function stopCamera() {
  stream?.getTracks().forEach((track) => track.stop());
  stream = null;
  $("camera").hidden = true;
}

async function listCameras(currentId) {
  const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  $("camera-select").replaceChildren(...cameras.map((camera, index) => Object.assign(document.createElement("option"), {
    value: camera.deviceId, textContent: camera.label || `Camera ${index + 1}`, selected: camera.deviceId === currentId,
  })));
}

async function startCamera(deviceId, onCode, onError) {
  stopCamera();
  if (!navigator.mediaDevices?.getUserMedia) {
    onError(t.camera_insecure);
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: "environment" }, audio: false,
    });
  } catch (error) {
    // The browser's own message is in its language ("Requested device not found"): say why in the page's.
    const reason = { NotAllowedError: t.camera_denied, SecurityError: t.camera_denied, NotFoundError: t.camera_missing,
      OverconstrainedError: t.camera_missing, NotReadableError: t.camera_busy, AbortError: t.camera_busy }[error?.name];
    onError(reason ? `${t.camera_error}: ${reason}` : `${t.camera_error}.`);
    return;
  }
  const video = $("camera-video");
  video.srcObject = stream;
  await video.play();
  $("camera").hidden = false;
  detector ??= await makeDetector();
  const track = stream.getVideoTracks()[0];
  await listCameras(track.getSettings().deviceId);
  $("torch-toggle").hidden = !(track.getCapabilities?.().torch);
  scanFrames(video, onCode);
}

/** Wire the camera buttons: ``onCode(text)`` for each newly seen code, ``onError(message)`` when it cannot open. */
export function initCamera(onCode, onError) {
  $("camera-toggle").addEventListener("click", () => (stream ? stopCamera() : startCamera(undefined, onCode, onError)));
  $("camera-select").addEventListener("change", (event) => startCamera(event.target.value, onCode, onError));
  $("torch-toggle").addEventListener("click", async () => {
    torchOn = !torchOn;
    await stream?.getVideoTracks()[0].applyConstraints({ advanced: [{ torch: torchOn }] }).catch(() => {});
  });
}
