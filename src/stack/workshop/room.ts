/**
 * Who has joined the workshop and how far each has got, in memory: what the
 * facilitator's room view shows. Participants report themselves; a report
 * names a chapter of the site, never anything the stack acts on.
 */
export interface Participant {
  /** A random id the participant's browser made when it joined (not secret, not an account). */
  id: string;
  /** What the participant chose to be called; may be empty. */
  name: string;
  /** The chapter they are on, e.g. `steps/tokens`; `joined` until they open one. */
  chapter: string;
  /** The step of the seven that chapter is about, when it is one. */
  step: number | null;
  /** The furthest step reached so far. */
  furthestStep: number | null;
  joinedAt: number;
  updatedAt: number;
}

export interface ProgressReport {
  participant: string;
  name: string;
  chapter: string;
  step: number | null;
}

/** A room holds at most this many participants: a report from one more is refused. */
export const MAX_PARTICIPANTS = 1000;
const ID = /^[A-Za-z0-9_-]{16,64}$/;
const CHAPTER = /^(joined|[a-z0-9-]{1,40}(\/[a-z0-9-]{1,40}){0,3})$/;
const MAX_NAME = 40;

/** A report as it was sent, checked field by field; a string says what is wrong with it. */
export function parseReport(body: unknown): ProgressReport | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON object.';
  const record = body as Record<string, unknown>;
  const { participant, chapter } = record;
  const name = record.name ?? '';
  const step = record.step ?? null;
  if (typeof participant !== 'string' || !ID.test(participant)) return '`participant` must be 16 to 64 letters, digits, - or _.';
  if (typeof chapter !== 'string' || !CHAPTER.test(chapter)) return '`chapter` must be a chapter id such as steps/tokens, or joined.';
  if (typeof name !== 'string' || [...name].length > MAX_NAME) return `\`name\` must be a string of at most ${MAX_NAME} characters.`;
  if (step !== null && !(typeof step === 'number' && Number.isInteger(step) && step >= 1 && step <= 7))
    return '`step` must be an integer from 1 to 7, or null.';
  // Control characters would only garble the room view; the console shows names as text.
  return { participant, name: name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim(), chapter, step };
}

export class Room {
  readonly #participants = new Map<string, Participant>();
  readonly #subscribers = new Set<(participant: Participant) => void>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records a report; undefined when the room is full and the participant is new. */
  report(report: ProgressReport): Participant | undefined {
    const now = this.#now();
    const known = this.#participants.get(report.participant);
    if (!known && this.#participants.size >= MAX_PARTICIPANTS) return undefined;
    const furthest = Math.max(known?.furthestStep ?? 0, report.step ?? 0);
    const participant: Participant = {
      id: report.participant,
      name: report.name || known?.name || '',
      chapter: report.chapter === 'joined' && known ? known.chapter : report.chapter,
      step: report.chapter === 'joined' && known ? known.step : report.step,
      furthestStep: furthest === 0 ? null : furthest,
      joinedAt: known?.joinedAt ?? now,
      updatedAt: now,
    };
    this.#participants.set(participant.id, participant);
    for (const subscriber of this.#subscribers) subscriber(participant);
    return participant;
  }

  list(): Participant[] {
    return [...this.#participants.values()];
  }

  get size(): number {
    return this.#participants.size;
  }

  clear(): void {
    this.#participants.clear();
  }

  subscribe(subscriber: (participant: Participant) => void): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }
}
