// The chair's clock as pure rules, the server's own: kiosk/timer/machine.py (the seconds
// left and the colour band of a snapshot's clock, the projected end, the delay), kiosk.text.format_clock
// and kiosk.timer.report.delay_phrase. No DOM, so Node runs them: both sides run the cases
// in tests/shared/phase.json and delay.json. `s` is a timer state as the server pushes it.

/** Seconds left on the current item at server time `now` (negative in overtime; null without one). */
export function remainingAt(s, now) {
  if (s.status === "running") {
    return s.allotted_seconds - (s.elapsed_before + Math.max(0, now - s.running_since));
  }
  return s.remaining_seconds;
}

/** The colour band, as ItemClock.phase: overtime below 0 s left, red at ≤ red, amber at ≤ amber. */
export function phaseAt(s, now) {
  if (s.status == null) return null;
  if (s.status === "idle") return "idle";
  if (s.status === "finished" || s.status === "skipped") return "done";
  const remaining = remainingAt(s, now);
  if (remaining < 0) return "overtime";
  if (remaining <= s.thresholds.red_seconds) return "red";
  if (remaining <= s.thresholds.amber_seconds) return "amber";
  return "normal";
}

/** Whole seconds as mm:ss, -mm:ss in overtime (as kiosk.text.format_clock). */
export function formatClock(seconds) {
  const whole = Math.trunc(Math.abs(seconds));
  const pad = (n) => String(n).padStart(2, "0");
  return `${seconds < 0 ? "-" : ""}${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}

/** The programme's projected end at `now`: the state's, moved on as machine.projected_end_moves_from says. */
export function projectedEndAt(s, now) {
  if (s.projected_end == null) return null;
  const from = s.projected_end_moves_from;
  if (from == null) return s.projected_end;
  return s.projected_end + Math.max(0, now - from) - Math.max(0, s.server_time - from);
}

/** The programme's delay at `now` in seconds, positive when late, as machine.delay_seconds:
 * null until the first item starts (a hall waiting for its first speaker is not "late"). */
export function delayAt(s, now) {
  if (!s.started) return null;
  const projected = projectedEndAt(s, now);
  return projected == null || s.planned_end == null ? null : projected - s.planned_end;
}

/** Python's round(): to the nearest whole number, a half to the even one. */
function roundHalfEven(x) {
  const nearest = Math.round(x); // a half goes up here
  return Math.abs(x % 1) === 0.5 && nearest % 2 !== 0 ? nearest - 1 : nearest;
}

/** "Chậm 6 phút" / "Đúng giờ" / "Sớm 2 phút" from `strings` (on_time, late, early with {n}), and a class for its colour. */
export function delayText(delaySeconds, strings) {
  const minutes = roundHalfEven(delaySeconds / 60);
  if (minutes === 0) return [strings.on_time, "delay-on-time"];
  if (minutes > 0) return [strings.late.replace("{n}", minutes), "delay-late"];
  return [strings.early.replace("{n}", -minutes), "delay-early"];
}
