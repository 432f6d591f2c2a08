/**
 * Functions that fail on purpose, so the tutorial can show how the gateway
 * turns each failure into a response.
 */
import { json, type ProxyResult } from './respond.ts';

interface QueryEvent {
  queryStringParameters?: Record<string, string> | null;
}

export async function fail(): Promise<never> {
  throw new Error('Something went wrong inside the function.');
}

const DEFAULT_DELAY_MS = 3000;
const MAX_DELAY_MS = 60_000;

/** Answers after `?ms=` milliseconds: longer than the integration timeout, the gateway gives up first. */
export async function slow(event: QueryEvent): Promise<ProxyResult> {
  const requested = Number(event.queryStringParameters?.ms ?? DEFAULT_DELAY_MS);
  const delay = Number.isFinite(requested) ? Math.min(Math.max(requested, 0), MAX_DELAY_MS) : DEFAULT_DELAY_MS;
  await new Promise((resolve) => setTimeout(resolve, delay));
  return json(200, { message: `Answered after ${delay} ms.` });
}

/** A status code must be a number (or a numeric string): this one is neither. */
export async function malformed(): Promise<unknown> {
  return { statusCode: 'OK', body: 'The gateway never sends this.' };
}
