import type { LocalExtras } from '../../lib/backend.ts';

/**
 * The local stack's mailbox: where the pool's "emails" (confirmation codes)
 * go instead of the internet. Real Cognito has nothing like it.
 */
export interface MailMessage {
  id: number;
  username: string;
  destination: string;
  subject: string;
  body: string;
  code: string;
  createdAt: number;
}

/** The newest message the pool sent to `username`, if any. */
export async function latestMail(local: LocalExtras, username: string): Promise<MailMessage | undefined> {
  const url = new URL(local.mailbox);
  url.searchParams.set('username', username);
  url.searchParams.set('limit', '200');
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`The local mailbox answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const { messages } = (await response.json()) as { messages: MailMessage[] };
  return messages.reduce<MailMessage | undefined>((newest, message) => (!newest || message.id > newest.id ? message : newest), undefined);
}
