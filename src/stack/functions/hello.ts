import { usernameOf, type ProxyEvent } from './claims.ts';
import { json, type ProxyResult } from './respond.ts';

/** Greets the caller and sends back the whole event, so the reader sees what Lambda received. */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  const username = usernameOf(event);
  return json(200, { message: username ? `Hello, ${username}!` : 'Hello!', event });
}
