/**
 * A workshop participant's progress report: the chapter this page shows, sent
 * to the room (src/stack/workshop/room.ts). Small enough to ride in the
 * shell's own script, so that a report leaves as soon as the page runs;
 * sends nothing unless this browser joined the workshop
 * (src/scripts/workshop/membership.ts) and the site was built for one.
 */
export const MEMBERSHIP_KEY = 'tt-workshop';

export interface Membership {
  participant: string;
  name: string;
}

export function membership(): Membership | null {
  try {
    const value = JSON.parse(localStorage.getItem(MEMBERSHIP_KEY) ?? 'null') as Partial<Membership> | null;
    return value && typeof value.participant === 'string' && typeof value.name === 'string' ? { participant: value.participant, name: value.name } : null;
  } catch {
    return null;
  }
}

/** Where reports go: read straight from the page's backend block, which holds no secret. */
export function progressUrl(): string | null {
  try {
    const backend = JSON.parse(document.getElementById('tt-backend')?.textContent ?? 'null') as {
      local?: { workshop?: { progress?: string } | null } | null;
    } | null;
    return backend?.local?.workshop?.progress ?? null;
  } catch {
    return null;
  }
}

/** Tells the room which chapter this participant is on; quietly does nothing when the stack is out of reach. */
export async function report(chapter: string, step: number | null): Promise<boolean> {
  const member = membership();
  const url = progressUrl();
  if (!member || !url) return false;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participant: member.participant, name: member.name, chapter, step }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** What every page with the shell runs: the chapter it shows, for a participant who joined. */
export function reportPage(): void {
  const root = document.documentElement;
  const chapter = root.dataset.chapter;
  if (!chapter || !membership()) return;
  const step = Number(root.dataset.step);
  void report(chapter, Number.isInteger(step) && step >= 1 && step <= 7 ? step : null);
}
