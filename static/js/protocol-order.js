// Protocol order at the desk: the server's (kiosk.attendees.service.PROTOCOL_ORDER), as each desk row carries
// it in `order` ([group's place, rank, id]). The desk has no rule of its own; it only compares. Pure: no DOM.

/** Compare two desk rows by the server's protocol order. */
export function byProtocolOrder(a, b) {
  const x = a.order ?? [];
  const y = b.order ?? [];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return 0;
}
