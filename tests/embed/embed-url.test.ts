/**
 * An embed's URL both ways (src/embed/params.ts): what the host page's
 * module writes into it, and what the embed page reads back. Tokens travel
 * in the fragment only; configuration is checked word by word.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nodeStackDefaults } from '../../src/config/backend.ts';
import { embedUrl, localBackend, readEmbedUrl } from '../../src/embed/params.ts';
import { EMBEDS, embedBySlug } from '../../src/embed/widgets.ts';

const SITE = new URL('https://trail.example/token-trail/');
const inspector = embedBySlug('token-inspector')!;
const apiCall = embedBySlug('api-call')!;
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsInRva2VuX3VzZSI6ImlkIn0.c2lnbmF0dXJlLWJ5dGVz';

describe('embedUrl (the host side)', () => {
  test("a widget's page under the site's base, its parameters in the query", () => {
    assert.equal(
      embedUrl(SITE, apiCall, { api: 'http', route: '/scoped', token: 'access' }),
      'https://trail.example/token-trail/embed/api-call/?api=http&route=%2Fscoped&token=access',
    );
    assert.equal(embedUrl(SITE, embedBySlug('sign-in')!, {}), 'https://trail.example/token-trail/embed/sign-in/');
  });

  test("the token inspector's token goes in the fragment, never the query", () => {
    const url = new URL(embedUrl(SITE, inspector, { token: JWT, show: 'access', theme: 'dark' }));
    assert.equal(url.search, '?show=access&theme=dark');
    assert.equal(url.hash, `#token=${JWT}`);
    assert.ok(!url.search.includes(JWT.slice(0, 20)));
  });

  test('what a widget does not take is left out, and so are empty values', () => {
    const url = new URL(embedUrl(SITE, embedBySlug('tamper-lab')!, { api: 'http', token: JWT, route: '/x', onload: 'alert(1)', theme: '', backend: null }));
    assert.equal(url.href, 'https://trail.example/token-trail/embed/tamper-lab/');
  });
});

describe('readEmbedUrl (the embed side)', () => {
  const read = (widget = apiCall, url = '') => readEmbedUrl(widget, new URL(url, `https://trail.example/embed/${widget.slug}/`));

  test("parameters become the widget's data attributes, by the names its wrapper uses", () => {
    assert.deepEqual(read(apiCall, '?api=http&route=%2Ffaults%2Ftimeout%3Fms%3D1500&token=expired'), {
      data: { api: 'http', route: '/faults/timeout?ms=1500', token: 'expired' },
      backend: { kind: 'site' },
      problems: [],
    });
    assert.deepEqual(read(inspector, '?show=refresh').data, { token: 'refresh' });
    assert.deepEqual(read(embedBySlug('jwks-viewer')!, '?rotation=false').data, { rotation: 'false' });
  });

  test('a value outside its rule is refused, in a sentence, and left out', () => {
    const config = read(apiCall, '?api=soap&route=javascript:alert(1)&token=admin&theme=neon');
    assert.deepEqual(config.data, {});
    assert.equal(config.theme, undefined);
    assert.equal(config.problems.length, 4);
    assert.match(config.problems[0]!, /^The parameter api=soap is not one this embed takes/);
  });

  test("the fragment's token is the inspector's; a token in the query is refused, whatever its name", () => {
    const good = read(inspector, `?show=id#token=${JWT}`);
    assert.equal(good.token, JWT);
    assert.deepEqual(good.problems, []);
    for (const query of [`?token=${JWT}`, `?show=${JWT}`, `?id_token=${JWT}`]) {
      const bad = read(inspector, query);
      assert.equal(bad.token, undefined, query);
      assert.deepEqual(bad.data, {}, query);
      assert.equal(bad.problems.length, 1, query);
      assert.match(bad.problems[0]!, /carries a token in its query .* a token goes after a # \(#token=…\)/, query);
    }
    // Other widgets take no token from their fragment.
    assert.equal(read(apiCall, `#token=${JWT}`).token, undefined);
  });

  test('theme=light|dark', () => {
    assert.equal(read(inspector, '?theme=dark').theme, 'dark');
    assert.equal(read(inspector, '?theme=light').theme, 'light');
  });

  test('backend=local names the Node stack, on loopback only; its other parameters are checked', () => {
    assert.deepEqual(read(apiCall, '?backend=local').backend, { kind: 'local', userPool: undefined, gateway: undefined, client: undefined });
    assert.deepEqual(read(apiCall, '?backend=local&userpool=http://127.0.0.1:9500&gateway=http://localhost:9501/&client=abc123').backend, {
      kind: 'local',
      userPool: 'http://127.0.0.1:9500',
      gateway: 'http://localhost:9501/',
      client: 'abc123',
    });
    for (const elsewhere of [
      'https://evil.example',
      'http://127.0.0.1.evil.example:80',
      'http://10.0.0.2:9400',
      'http://127.0.0.1:9400/x',
      'http://user@127.0.0.1:9400',
    ]) {
      const config = read(apiCall, `?backend=local&userpool=${encodeURIComponent(elsewhere)}`);
      assert.equal(config.backend.kind === 'local' && config.backend.userPool, undefined, elsewhere);
      assert.equal(config.problems.length, 1, elsewhere);
    }
    assert.deepEqual(read(apiCall, '?backend=aws').backend, { kind: 'site' });
  });

  test('every widget the catalogue lists reads its own URL back', () => {
    for (const widget of EMBEDS) {
      const params = Object.fromEntries(Object.entries(widget.query).map(([name, param]) => [name, Array.isArray(param.rule) ? param.rule[0]! : '/hello']));
      const config = readEmbedUrl(widget, new URL(embedUrl(SITE, widget, { ...params, theme: 'dark' })));
      assert.deepEqual(config.problems, [], widget.slug);
      assert.equal(Object.keys(config.data).length, Object.keys(widget.query).length, widget.slug);
    }
  });
});

describe('localBackend', () => {
  test("the Node stack's defaults with the host's origins and app client", () => {
    const defaults = nodeStackDefaults();
    const backend = localBackend(defaults, { userPool: 'http://localhost:9500/', gateway: 'http://127.0.0.1:9501', client: 'otherclient1' });
    assert.equal(backend.kind, 'local');
    assert.equal(backend.userPoolEndpoint, 'http://localhost:9500/');
    assert.equal(backend.issuer, 'http://localhost:9500/us-east-1_TrailDemo');
    assert.equal(backend.jwksUri, 'http://localhost:9500/us-east-1_TrailDemo/.well-known/jwks.json');
    assert.equal(backend.apis.rest, 'http://127.0.0.1:9501/rest/prod');
    assert.equal(backend.apis.http, 'http://127.0.0.1:9501/http');
    assert.equal(backend.userPoolClientId, 'otherclient1');
    assert.equal(backend.local?.traceById, 'http://127.0.0.1:9501/_trace/{requestId}');
    assert.equal(backend.local?.mailbox, 'http://localhost:9500/_local/mailbox');
    assert.equal(backend.local?.rotateKeys, 'http://localhost:9500/_local/pools/us-east-1_TrailDemo/rotate-keys');
    assert.deepEqual(backend.local?.demoUsers, defaults.local?.demoUsers);
    assert.deepEqual(localBackend(defaults, {}), defaults);
  });
});
