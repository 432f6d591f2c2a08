/**
 * Joining and leaving a workshop: a random id made when a participant joins,
 * and the name they chose, kept in this browser (localStorage). Nothing is
 * reported until they join, and then nothing but the chapter they are on
 * (src/scripts/workshop/report.ts).
 */
import { MEMBERSHIP_KEY, membership, type Membership } from './report.ts';

export { membership, report } from './report.ts';

export function join(name: string): Membership {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const participant = membership()?.participant ?? `p-${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  const joined = { participant, name: name.trim().slice(0, 40) };
  localStorage.setItem(MEMBERSHIP_KEY, JSON.stringify(joined));
  return joined;
}

export function leave(): void {
  localStorage.removeItem(MEMBERSHIP_KEY);
}
