// Short tones for the desk, made with Web Audio: nothing to download.
let context = null;

function tone(frequency, start, duration, type = "sine") {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = type;
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, context.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.3, context.currentTime + start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + start + duration);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(context.currentTime + start);
  oscillator.stop(context.currentTime + start + duration + 0.05);
}

const PATTERNS = {
  checked_in: () => { tone(880, 0, 0.12); tone(1320, 0.13, 0.18); },
  already_checked_in: () => { tone(660, 0, 0.18); tone(660, 0.25, 0.18); },
  invalid: () => { tone(220, 0, 0.45, "square"); },
  revoked: () => { tone(220, 0, 0.2, "square"); tone(180, 0.25, 0.35, "square"); },
  queued: () => { tone(990, 0, 0.1); },
};

export function play(kind) {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") context.resume();
    PATTERNS[kind]?.();
  } catch {
    // No audio device: the colours and words still tell.
  }
}
