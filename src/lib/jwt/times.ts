/**
 * Token times (NumericDate: seconds since 1970, UTC) in human terms, and the
 * expiry countdown with the few moments worth announcing to a screen reader.
 */

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "in 54 minutes", "3 hours ago", "now". */
export function relativeTime(seconds: number, nowMs: number): string {
  const delta = seconds - Math.floor(nowMs / 1000);
  if (delta === 0) return 'now';
  const abs = Math.abs(delta);
  const [unit, size] = UNITS.find(([, unitSeconds]) => abs >= unitSeconds) ?? UNITS[UNITS.length - 1]!;
  return relative.format(Math.trunc(delta / size), unit);
}

/** "2026-11-26 05:03:45 UTC"; undefined for values no date can have. */
export function utcTime(seconds: number): string | undefined {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The clock face of a countdown: "59:08", "1:00:00", "0:00". */
export function clockFace(secondsLeft: number): string {
  const s = Math.max(0, Math.floor(secondsLeft));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

// Moments before expiry worth telling a screen-reader user about, in seconds.
const MILESTONES = [30 * 60, 10 * 60, 5 * 60, 60, 0];

/**
 * What to announce when a countdown moves from `before` to `after` seconds
 * left, if it crossed a milestone; otherwise undefined, so that a live
 * region speaks a few times an hour rather than every second.
 */
export function expiryAnnouncement(before: number, after: number, what: string): string | undefined {
  const crossed = MILESTONES.find((milestone) => before > milestone && after <= milestone);
  if (crossed === undefined) return undefined;
  if (crossed === 0) return `The ${what} has expired.`;
  return `The ${what} expires in ${crossed >= 60 ? `${crossed / 60} minute${crossed === 60 ? '' : 's'}` : `${crossed} seconds`}.`;
}
