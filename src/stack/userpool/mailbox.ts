import type { Needs } from './services.ts';
import type { UserRecord } from './store.ts';

/** The local mailbox keeps this many of the newest messages. */
export const MAILBOX_CAPACITY = 500;

/**
 * Where the pool's "email" goes: the store's mailbox, which the site reads
 * through the local endpoint, and the log. Nothing leaves the machine.
 */
export class Mailbox {
  readonly #needs: Needs<'store' | 'clock' | 'log'>;

  constructor(needs: Needs<'store' | 'clock' | 'log'>) {
    this.#needs = needs;
  }

  deliver(user: UserRecord, destination: string, subject: string, body: string, code: string | null): void {
    const { store, clock, log } = this.#needs;
    store.addMail({ poolId: user.poolId, username: user.username, destination, subject, body, code, createdAt: clock.now() });
    store.pruneMail(MAILBOX_CAPACITY);
    log(`mail to ${destination} (${user.poolId} ${user.username}): ${body}`);
  }
}
