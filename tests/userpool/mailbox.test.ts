import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listen } from '../../src/stack/http/listen.ts';
import { openUserPool, SEED } from '../../src/stack/userpool/index.ts';
import { callPool, TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';

test('codes go to the log and to the local mailbox, never anywhere else', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-mail-'));
  const log: string[] = [];
  let url = '';
  const pool = await openUserPool({ dataDir, siteOrigins: [TEST_SITE_ORIGIN], publicUrl: () => url, log: (line) => log.push(line) });
  const server = await listen(pool.handler, { host: '127.0.0.1', port: 0 });
  url = server.url;
  try {
    const signUp = await callPool(`${url}/`, 'SignUp', {
      ClientId: SEED.client.id,
      Username: 'mailme',
      Password: 'Mail-me-123',
      UserAttributes: [{ Name: 'email', Value: 'mailme@example.com' }],
    });
    assert.deepEqual(signUp.json!.CodeDeliveryDetails, { Destination: 'm***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });

    const { messages } = (await (await fetch(`${url}/_local/mailbox?username=mailme`)).json()) as { messages: Record<string, unknown>[] };
    assert.equal(messages.length, 1);
    const [mail] = messages;
    assert.equal(mail!.destination, 'mailme@example.com');
    assert.match(String(mail!.code), /^\d{6}$/);
    assert.ok(log.some((line) => line.includes('mailme@example.com') && line.includes(String(mail!.code))), 'the code is in the log');

    const later = (await (await fetch(`${url}/_local/mailbox?after=${mail!.id}`)).json()) as { messages: unknown[] };
    assert.deepEqual(later.messages, [], '`after` pages through the mailbox');
    assert.equal((await fetch(`${url}/_local/mailbox?after=-1`)).status, 400);
  } finally {
    await server.close();
    pool.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
