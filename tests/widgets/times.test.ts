import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockFace, expiryAnnouncement, relativeTime, utcTime } from '../../src/lib/jwt/times.ts';

const now = Date.UTC(2026, 10, 26, 6, 0, 0);
const seconds = now / 1000;

test('relative times pick the largest whole unit', () => {
  assert.equal(relativeTime(seconds, now), 'now');
  assert.equal(relativeTime(seconds + 54 * 60 + 10, now), 'in 54 minutes');
  assert.equal(relativeTime(seconds - 3 * 3600, now), '3 hours ago');
  assert.equal(relativeTime(seconds - 86_400, now), 'yesterday');
  assert.equal(relativeTime(seconds + 30 * 86_400, now), 'next month');
});

test('UTC times are ISO-like and refuse values no date can have', () => {
  assert.equal(utcTime(seconds), '2026-11-26 06:00:00 UTC');
  assert.equal(utcTime(1e20), undefined);
});

test('the countdown face', () => {
  assert.equal(clockFace(3600), '1:00:00');
  assert.equal(clockFace(59 * 60 + 8.7), '59:08');
  assert.equal(clockFace(-5), '0:00');
});

test('a screen reader hears the countdown at a few milestones only, not every second', () => {
  const heard: string[] = [];
  for (let left = 3600; left >= -2; left--) {
    const said = expiryAnnouncement(left + 1, left, 'ID token');
    if (said) heard.push(said);
  }
  assert.deepEqual(heard, [
    'The ID token expires in 30 minutes.',
    'The ID token expires in 10 minutes.',
    'The ID token expires in 5 minutes.',
    'The ID token expires in 1 minute.',
    'The ID token has expired.',
  ]);
});
