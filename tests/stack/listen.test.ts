/**
 * What the Node adapter (src/stack/http/listen.ts) answers a request Node
 * cannot parse, which never reaches the stack: a JSON message with the status
 * Node would give, read by the client even while it is still sending a body
 * (found by the gateway fuzz: a 64 KB body after a request target of "?").
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { type Listening, listen } from '../../src/stack/http/listen.ts';

let server: Listening;
before(async () => {
  server = await listen(async () => new Response('{}'), { host: '127.0.0.1', port: 0 });
});
after(() => server.close());

/** Sends raw bytes; resolves with everything the server sent before it closed (or an error's code). */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes));
    let got = '';
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk) => {
      got += chunk;
    });
    socket.on('close', () => resolve(got));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code}: ${got}`));
  });
}

test('a request target that is no path: 400 with a JSON message, even with 64 KB of body still coming', async () => {
  for (const size of [0, 65_536]) {
    const answer = await raw(`GET ? HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${size}\r\n\r\n${'x'.repeat(size)}`);
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/, `${size}: ${answer.slice(0, 80)}`);
    assert.match(answer, /\r\nContent-Type: application\/json\r\n/);
    assert.equal(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).message, 'Bad Request: the request could not be read as HTTP.');
  }
});

test('a head larger than Node takes: 431, as Node answers it, with a JSON message', async () => {
  const answer = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/, answer.slice(0, 80));
  assert.match(answer, /"message":"Request Header Fields Too Large: /);
});
