import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listen } from '../../src/stack/http/listen.ts';
import { openUserPool, SEED } from '../../src/stack/userpool/index.ts';
import { callPool, startUserPool, TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';
import { uniqueName } from '../helpers/names.ts';

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
    assert.ok(
      log.some((line) => line.includes('mailme@example.com') && line.includes(String(mail!.code))),
      'the code is in the log',
    );

    const later = (await (await fetch(`${url}/_local/mailbox?after=${mail!.id}`)).json()) as { messages: unknown[] };
    assert.deepEqual(later.messages, [], '`after` pages through the mailbox');
    const refused = await fetch(`${url}/_local/mailbox?after=-1`);
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { message: '`after` and `limit` must be non-negative integers.' });
  } finally {
    await server.close();
    pool.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a username’s messages are found however many others came before them', async () => {
  const pool = await startUserPool();
  try {
    const { store } = pool.pool;
    // 300 messages for someone else first (written straight to the store: the setup, not what is checked).
    for (let i = 0; i < 300; i++) {
      store.addMail({
        poolId: pool.poolId,
        username: 'someone-else',
        destination: 's@example.com',
        subject: 'Your verification code',
        body: 'x',
        code: '000000',
        createdAt: 0,
      });
    }
    const username = uniqueName('late');
    const signedUp = await callPool(pool.endpoint, 'SignUp', {
      ClientId: pool.clientId,
      Username: username,
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    assert.equal(signedUp.status, 200, signedUp.text);
    const { messages } = (await (await fetch(`${pool.url}/_local/mailbox?username=${username}&limit=200`)).json()) as {
      messages: { username: string; code: string }[];
    };
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.username, username);
    assert.match(messages[0]!.code, /^\d{6}$/);
    const two = (await (await fetch(`${pool.url}/_local/mailbox?username=someone-else&limit=2`)).json()) as { messages: unknown[] };
    assert.equal(two.messages.length, 2, '`limit` counts the messages answered');
  } finally {
    await pool.close({ removeData: true });
  }
});
