/**
 * The conformance cases assert with tests/conformance/check.ts in Node and in
 * Chromium alike; these tests hold its `deepEqual` to node:assert's
 * `deepStrictEqual` (the oracle) on a table of values, so that moving a
 * suite's assertions there weakened none of them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CheckFailure, deepEqual, equal, match, notEqual, ok, rejects } from './check.ts';

// biome-ignore lint/suspicious/noSparseArray: a hole is what deepEqual must tell from undefined
const sparse = [1, , 3];
const symbol = Symbol('s');
const cycleA: Record<string, unknown> = { a: 1 };
cycleA.self = cycleA;
const cycleB: Record<string, unknown> = { a: 1 };
cycleB.self = cycleB;

const pairs: Array<[string, unknown, unknown]> = [
  ['equal numbers', 1, 1],
  ['a number and its string', 1, '1'],
  ['NaN and NaN', Number.NaN, Number.NaN],
  ['0 and -0', 0, -0],
  ['null and undefined', null, undefined],
  ['a missing key and an undefined one', {}, { a: undefined }],
  ['undefined members on both sides', { a: undefined }, { a: undefined }],
  ['the same keys in another order', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }],
  ['a nested difference', { a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } }],
  ['arrays of another length', [1, 2], [1, 2, 3]],
  ['an array and an object with its indexes', [1], { 0: 1 }],
  ['a hole and an undefined', sparse, [1, undefined, 3]],
  ['equal dates', new Date(5), new Date(5)],
  ['other dates', new Date(5), new Date(6)],
  ['a date and its time', new Date(5), 5],
  ['equal regular expressions', /a/g, /a/g],
  ['other flags', /a/g, /a/i],
  ['equal bytes', new Uint8Array([1, 2]), new Uint8Array([1, 2])],
  ['other bytes', new Uint8Array([1, 2]), new Uint8Array([1, 3])],
  ['bytes of another type', new Uint8Array([1]), new Int8Array([1])],
  ['equal maps', new Map([['a', { b: 1 }]]), new Map([['a', { b: 1 }]])],
  ['other map values', new Map([['a', 1]]), new Map([['a', 2]])],
  ['equal sets', new Set([1, 'a']), new Set(['a', 1])],
  ['other sets', new Set([1]), new Set([2])],
  ['sets of equal objects', new Set([{ a: 1 }]), new Set([{ a: 1 }])],
  ['an object without a prototype', Object.create(null), {}],
  ['symbol keys', { [symbol]: 1 }, { [symbol]: 1 }],
  ['other symbol values', { [symbol]: 1 }, { [symbol]: 2 }],
  ['equal cycles', cycleA, cycleB],
  ['bigints', 1n, 1n],
  ['a bigint and a number', 1n, 1],
  ['JSON text against an object', JSON.parse('{"a":[1,"2",null]}'), { a: [1, '2', null] }],
  ['errors with other messages', new Error('a'), new Error('b')],
];

describe('check.deepEqual agrees with node:assert deepStrictEqual', () => {
  for (const [name, actual, expected] of pairs) {
    test(name, () => {
      let oracle = true;
      try {
        assert.deepStrictEqual(actual, expected);
      } catch {
        oracle = false;
      }
      let ours = true;
      try {
        deepEqual(actual, expected);
      } catch (error) {
        assert.ok(error instanceof CheckFailure);
        ours = false;
      }
      assert.equal(ours, oracle);
    });
  }
});

describe('the other checks', () => {
  test('equal is SameValue; notEqual its opposite', () => {
    equal(Number.NaN, Number.NaN);
    assert.throws(() => equal(0, -0), CheckFailure);
    assert.throws(() => equal('1', 1), CheckFailure);
    assert.throws(() => notEqual('a', 'a'), CheckFailure);
    notEqual('a', 'b');
  });

  test('match wants a string that matches, even for a global pattern used before', () => {
    const global = /a/g;
    match('a', global);
    match('a', global);
    assert.throws(() => match('b', /a/), CheckFailure);
    assert.throws(() => match(1, /1/), CheckFailure);
  });

  test('ok wants a truthy value', () => {
    ok(1);
    assert.throws(() => ok(0, 'zero'), { name: 'CheckFailure', message: 'zero (got 0)' });
  });

  test('rejects wants a rejection its check accepts', async () => {
    await rejects(Promise.reject(new Error('x')), (error) => equal((error as Error).message, 'x'));
    await assert.rejects(
      rejects(Promise.resolve(1), () => {}),
      CheckFailure,
    );
    await assert.rejects(
      rejects(Promise.reject(new Error('x')), (error) => equal((error as Error).message, 'y')),
      CheckFailure,
    );
  });

  test('a failure names what differs and where', () => {
    assert.throws(() => deepEqual({ a: { b: 1 } }, { a: { b: 2 } }, 'the body'), {
      name: 'CheckFailure',
      message: 'the body: expected {"a":{"b":2}}, got {"a":{"b":1}} (first difference at .a.b)',
    });
  });
});
