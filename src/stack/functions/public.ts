import { json, type ProxyResult } from './respond.ts';

export async function handler(): Promise<ProxyResult> {
  return json(200, { message: 'Hello from a public route: no token needed.' });
}
