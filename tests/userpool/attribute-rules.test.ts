/**
 * The one rule for attribute writes (src/stack/userpool/attributes.ts),
 * called directly: every standard name, the custom: pattern and its limits,
 * the reserved names, who may set the *_verified flags, the value rules, what
 * the seed keeps of a stored user, and a changed email losing its
 * verification. Through the operations that use it: attributes.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storableAttributes, toAttributeList, withAttributeChanges, writableAttributes, type AttributeWriter } from '../../src/stack/userpool/attributes.ts';

const STANDARD = [
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
];

const valueFor = (name: string) => (name.endsWith('_verified') ? 'true' : name === 'email' ? 'jane@example.com' : 'x');
const write = (writer: AttributeWriter, ...pairs: [string, string][]) =>
  writableAttributes(
    pairs.map(([Name, Value]) => ({ Name, Value })),
    writer,
  );
const refusal = (type: string, message: string) => ({ name: type, type, message });

describe('writableAttributes', () => {
  test('every standard attribute can be written by an administrator', () => {
    for (const name of STANDARD) assert.deepEqual({ ...write('admin', [name, valueFor(name)]) }, { [name]: valueFor(name) });
  });

  test('a client writes every standard attribute but the verified flags', () => {
    for (const name of STANDARD.filter((name) => !name.endsWith('_verified')))
      assert.deepEqual({ ...write('client', [name, valueFor(name)]) }, { [name]: valueFor(name) });
    for (const name of ['email_verified', 'phone_number_verified']) {
      assert.throws(() => write('client', [name, 'true']), refusal('NotAuthorizedException', 'A client attempted to write unauthorized attribute'));
    }
  });

  test('the result maps each name to its value, the last one winning, with no prototype', () => {
    const attributes = write('client', ['name', 'Jane'], ['email', 'jane@example.com'], ['name', 'Janet']);
    assert.deepEqual({ ...attributes }, { name: 'Janet', email: 'jane@example.com' });
    assert.equal(Object.getPrototypeOf(attributes), null);
    assert.deepEqual({ ...write('client') }, {});
  });

  test('custom: attributes of 1 to 20 word characters, dots and dashes', () => {
    for (const name of ['custom:a', 'custom:tier', 'custom:a.b-c_9', `custom:${'x'.repeat(20)}`]) {
      assert.deepEqual({ ...write('client', [name, 'v']) }, { [name]: 'v' });
    }
    for (const name of [
      'custom:',
      `custom:${'x'.repeat(21)}`,
      'custom:a b',
      'custom:a:b',
      'custom:ä',
      'Custom:a',
      'xcustom:a',
      'custom:a\n',
      'dev:a',
      'tier',
    ]) {
      assert.throws(() => write('admin', [name, 'v']), refusal('InvalidParameterException', `Attribute does not exist in the schema: ${name}`));
    }
  });

  test('unknown names: refused for both writers, the name cut to 64 characters in the message', () => {
    for (const writer of ['client', 'admin'] as const) {
      for (const name of ['cognito:groups', 'cognito:username', 'token_use', 'aud', 'iss', 'Email', 'email ', '__proto__', 'toString', '']) {
        assert.throws(() => write(writer, [name, 'v']), refusal('InvalidParameterException', `Attribute does not exist in the schema: ${name}`));
      }
    }
    const long = `custom:${'y'.repeat(100)}`;
    assert.throws(() => write('admin', [long, 'v']), refusal('InvalidParameterException', `Attribute does not exist in the schema: ${long.slice(0, 64)}`));
  });

  test('sub and identities: in the schema, never written', () => {
    for (const name of ['sub', 'identities']) {
      assert.throws(() => write('client', [name, 'v']), refusal('NotAuthorizedException', 'A client attempted to write unauthorized attribute'));
      assert.throws(() => write('admin', [name, 'v']), refusal('InvalidParameterException', `Cannot modify the non-mutable attribute ${name}`));
    }
  });

  test('a verified flag is "true" or "false"', () => {
    for (const name of ['email_verified', 'phone_number_verified']) {
      assert.equal(write('admin', [name, 'false'])[name], 'false');
      for (const value of ['TRUE', 'yes', '1', '', 'true ']) {
        assert.throws(() => write('admin', [name, value]), refusal('InvalidParameterException', `${name} must be "true" or "false".`));
      }
    }
  });

  test('an email is something@something, without spaces or a second @', () => {
    for (const email of ['jane@example.com', 'a@b', 'jane+tag@example.co.uk']) assert.equal(write('client', ['email', email]).email, email);
    for (const email of [
      'jane',
      '@example.com',
      'jane@',
      'ja ne@example.com',
      'jane@exa mple.com',
      'jane@@example.com',
      'a@b@c',
      ' jane@example.com',
      'jane@example.com\n',
      '',
    ]) {
      assert.throws(() => write('client', ['email', email]), refusal('InvalidParameterException', 'Invalid email address format.'));
    }
    assert.equal(write('client', ['name', 'not an email']).name, 'not an email', 'the rule is for email only');
  });

  test('values up to 2048 characters', () => {
    assert.equal(write('client', ['name', 'n'.repeat(2048)]).name!.length, 2048);
    assert.throws(() => write('client', ['name', 'n'.repeat(2049)]), refusal('InvalidParameterException', 'The value of name is too long.'));
    assert.throws(() => write('admin', ['custom:notes', 'n'.repeat(2049)]), refusal('InvalidParameterException', 'The value of custom:notes is too long.'));
  });

  test('the first bad attribute of a list refuses the whole list', () => {
    assert.throws(() => write('client', ['name', 'Jane'], ['sub', 'x'], ['email', 'bad']), { name: 'NotAuthorizedException' });
  });
});

describe('storableAttributes', () => {
  test('keeps what an administrator could write, and the sub', () => {
    const stored = { sub: 'a1b2', email: 'jane@example.com', email_verified: 'true', name: 'Jane', 'custom:tier': 'gold' };
    const kept = storableAttributes(stored);
    assert.deepEqual({ ...kept }, stored);
    assert.equal(Object.getPrototypeOf(kept), null);
  });

  test('drops reserved and unknown names, and values the rules refuse', () => {
    const kept = storableAttributes({
      sub: 'a1b2',
      identities: '[]',
      'cognito:groups': 'admin',
      token_use: 'access',
      'custom:': 'x',
      email: 'not-an-email',
      email_verified: 'yes',
      phone_number_verified: 'false',
      name: 'n'.repeat(2049),
      nickname: 'n'.repeat(2048),
    });
    assert.deepEqual({ ...kept }, { sub: 'a1b2', phone_number_verified: 'false', nickname: 'n'.repeat(2048) });
  });

  test('the sub is kept whatever its value', () => {
    assert.deepEqual({ ...storableAttributes({ sub: 'n'.repeat(3000) }) }, { sub: 'n'.repeat(3000) });
  });
});

test('toAttributeList: Cognito’s list of Name and Value', () => {
  assert.deepEqual(toAttributeList({ sub: 's', email: 'e@x' }), [
    { Name: 'sub', Value: 's' },
    { Name: 'email', Value: 'e@x' },
  ]);
  assert.deepEqual(toAttributeList({}), []);
});

describe('withAttributeChanges', () => {
  const current = { sub: 's', email: 'jane@example.com', email_verified: 'true', name: 'Jane' };

  test('a new email is unverified until its code is entered', () => {
    assert.deepEqual(withAttributeChanges(current, { email: 'janet@example.com' }), {
      sub: 's',
      email: 'janet@example.com',
      email_verified: 'false',
      name: 'Jane',
    });
    assert.deepEqual(withAttributeChanges({ sub: 's' }, { email: 'janet@example.com' }), { sub: 's', email: 'janet@example.com', email_verified: 'false' });
  });

  test('the same email, or no email in the change, keeps the verification', () => {
    assert.deepEqual(withAttributeChanges(current, { email: 'jane@example.com', name: 'Janet' }), { ...current, name: 'Janet' });
    assert.deepEqual(withAttributeChanges(current, { name: 'Janet' }), { ...current, name: 'Janet' });
    assert.deepEqual(withAttributeChanges({ sub: 's', phone_number_verified: 'true' }, { phone_number: '+15555550100' }), {
      sub: 's',
      phone_number_verified: 'true',
      phone_number: '+15555550100',
    });
  });

  test('the changes win over what is stored, and the input is left as it was', () => {
    const before = { ...current };
    const changed = withAttributeChanges(current, { name: 'Janet', email_verified: 'true', email: 'new@example.com' });
    assert.deepEqual(changed, { sub: 's', email: 'new@example.com', email_verified: 'false', name: 'Janet' });
    assert.deepEqual(current, before);
  });
});
