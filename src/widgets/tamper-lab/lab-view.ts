import { backendApis, type Backend } from '../../lib/backend.ts';
import { apiLabel, getRoutesOf } from '../../lib/demo-routes.ts';
import { emitFlow } from '../../lib/flow-events.ts';
import { decodeBase64url } from '../../lib/jwt/base64url.ts';
import { inspectToken } from '../../lib/jwt/inspect.ts';
import { encodePart, splitToken } from '../../lib/jwt/tamper.ts';
import type { ApiName } from '../../lib/stack-urls.ts';
import { CHECKS } from '../../lib/trace/hops.ts';
import { field, h, replace, uid } from '../shared/dom.ts';
import type { Status } from '../shared/frame.ts';
import { callGateway } from '../shared/gateway/call-gateway.ts';
import { headline, replayFlow, responseView, verdict, waterfall } from '../shared/gateway/trace-view.ts';
import { fetchJwks } from '../shared/jwks.ts';
import { jwtParts } from '../shared/jwt-parts.ts';
import { ATTACKS, defaultTarget, type Attack, type Target } from './attacks.ts';

/**
 * The lab itself: the token's parts in editors, attack presets that rewrite
 * them, the re-encoded token, and a send button that shows which of the
 * gateway's checks refused it. An unedited part keeps its original bytes, so
 * the untouched token still passes.
 */
export interface LabContext {
  backend: Backend;
  status: Status;
  kind: 'id' | 'access';
  token: string;
  otherToken: string | undefined;
}

/** A part as shown in its editor, and the segment it stands for while the text is unchanged. */
interface Part {
  text: string;
  segment: string;
}

/** The routes a forged token can be sent to: those with an authorizer, and /public, which has none, for contrast. */
function labRoutes(api: ApiName): string[] {
  return getRoutesOf(api)
    .filter((route) => route.authorizer !== undefined || route.path === '/public')
    .map((route) => route.path);
}

export function mountLab(target: HTMLElement, context: LabContext): void {
  const original = splitToken(context.token);
  let header: Part;
  let payload: Part;
  let attack: Attack | undefined;

  const headerEditor = h('textarea', { attrs: { rows: 4, spellcheck: 'false' } });
  const payloadEditor = h('textarea', { attrs: { rows: 12, spellcheck: 'false' } });
  const signatureEditor = h('textarea', { attrs: { rows: 3, spellcheck: 'false' } });
  const changes = h('p', { class: 'tt-lab__changes', attrs: { 'aria-live': 'polite' } });
  const preview = h('div', { class: 'tt-lab__preview' });
  const explanation = h('div', { class: 'tt-lab__explanation' });
  const result = h('div', { class: 'tt-lab__result' });
  const apiName = uid('tt-lab-api');
  const apiChoice = h(
    'fieldset',
    { class: 'tt-w__choices' },
    h('legend', { class: 'tt-w__legend' }, 'Send to'),
    backendApis(context.backend).map((api) => h('label', null, h('input', { attrs: { type: 'radio', name: apiName, value: api } }), apiLabel(api))),
  );
  const chosenApi = () => (apiChoice.querySelector<HTMLInputElement>('input:checked')?.value ?? 'rest') as ApiName;
  const route = h('select');
  // Each API lists the routes it serves (only the REST API with a JWT authorizer has /access); a route the new API lacks falls back to /hello.
  const listRoutes = (api: ApiName, wanted: string) => {
    const paths = labRoutes(api);
    const chosen = paths.includes(wanted) ? wanted : '/hello';
    replace(
      route,
      paths.map((path) => h('option', { attrs: { value: path, selected: path === chosen } }, `GET ${path}`)),
    );
    route.value = chosen;
  };
  apiChoice.addEventListener('change', () => listRoutes(chosenApi(), route.value));
  const send = h('button', { class: 'tt-w__button', attrs: { type: 'button' } }, 'Send to the gateway');

  const load = (token: string, kind: 'id' | 'access') => {
    const segments = splitToken(token);
    header = { text: pretty(segments.header), segment: segments.header };
    payload = { text: pretty(segments.payload), segment: segments.payload };
    headerEditor.value = header.text;
    payloadEditor.value = payload.text;
    signatureEditor.value = segments.signature;
    setTarget(attack?.target?.(context.kind) ?? defaultTarget(kind));
    update();
  };
  const setTarget = ({ api, route: path }: Target) => {
    for (const radio of apiChoice.querySelectorAll('input')) radio.checked = radio.value === api;
    listRoutes(api, path);
  };
  const built = () => {
    const headerSegment = headerEditor.value === header.text ? header.segment : encodePart(headerEditor.value);
    const payloadSegment = payloadEditor.value === payload.text ? payload.segment : encodePart(payloadEditor.value);
    return `${headerSegment}.${payloadSegment}.${signatureEditor.value.trim()}`;
  };
  const update = () => {
    const token = built();
    const parts = splitToken(token);
    const describe = (name: string, now: string, was: string) => `${name}: ${now === was ? 'as issued' : now === '' ? 'removed' : 'changed'}`;
    changes.textContent = [
      describe('header', parts.header, original.header),
      describe('payload', parts.payload, original.payload),
      describe('signature', parts.signature, original.signature),
    ].join(' · ');
    replace(preview, jwtParts(inspectToken(token)));
  };

  const attackButtons = ATTACKS.map((candidate) => {
    const button = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button', 'data-attack': candidate.id } }, candidate.label);
    button.addEventListener('click', async () => {
      try {
        const forged = await candidate.build({
          token: context.token,
          kind: context.kind,
          otherToken: context.otherToken,
          nowSeconds: Math.floor(Date.now() / 1000),
          publicKey: async (kid) => {
            const key = (await fetchJwks(context.backend)).find((jwk) => jwk.kid === kid);
            if (!key) throw new Error(`The pool's JWKS has no key ${kid}.`);
            return key as JsonWebKey;
          },
        });
        attack = candidate;
        load(forged, candidate.id === 'token-type' ? (context.kind === 'id' ? 'access' : 'id') : context.kind);
        replace(
          explanation,
          h('p', null, h('strong', null, `${candidate.label}. `), candidate.explain),
          h('p', null, 'Expect the gateway to refuse it at the check ', h('code', null, candidate.expected), `: ${CHECKS[candidate.expected]}.`),
        );
        context.status.say(`${candidate.label}: the editors now hold the forged token. Send it to see the gateway's answer.`);
      } catch (error) {
        context.status.say((error as Error).message, 'fail');
      }
    });
    return button;
  });
  const reset = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button' } }, 'Start over');
  reset.addEventListener('click', () => {
    // The token goes back to the pool's; the API and route stay the reader's choice.
    const target: Target = { api: chosenApi(), route: route.value };
    attack = undefined;
    replace(explanation);
    replace(result);
    load(context.token, context.kind);
    setTarget(target);
    context.status.say('Back to your token as the pool issued it.');
  });

  send.addEventListener('click', async () => {
    send.disabled = true;
    const api = chosenApi();
    context.status.say(`Sending the token to GET ${route.value} on the ${apiLabel(api)}…`);
    emitFlow({ step: 3, state: 'active', label: `GET ${route.value}`, api });
    try {
      const exchange = await callGateway(context.backend, { api, route: route.value, authorization: `Bearer ${built()}` });
      const refusedAt = exchange.trace?.failure?.check;
      const asExpected =
        attack && refusedAt
          ? refusedAt === attack.expected
            ? h('p', { class: 'tt-w__ok' }, `As expected: the check “${attack.expected}” refused it.`)
            : h('p', { class: 'tt-w__warn' }, `Not the check this attack expected (“${attack.expected}”): see the trace for why.`)
          : null;
      replace(
        result,
        verdict(exchange),
        asExpected,
        h('p', { class: 'tt-w__heading' }, "The gateway's trace"),
        exchange.trace ? waterfall(exchange.trace) : h('p', { class: 'tt-w__note' }, exchange.traceNote ?? ''),
        h('p', { class: 'tt-w__heading' }, 'The response'),
        responseView(exchange),
      );
      context.status.say(headline(exchange), exchange.status < 400 ? 'ok' : 'fail');
      if (exchange.trace) await replayFlow(exchange.trace);
    } catch (error) {
      context.status.say((error as Error).message, 'fail');
    } finally {
      send.disabled = false;
    }
  });

  for (const editor of [headerEditor, payloadEditor, signatureEditor]) editor.addEventListener('input', update);

  replace(
    target,
    h('div', { class: 'tt-lab__attacks', attrs: { role: 'group', 'aria-label': 'Attacks' } }, attackButtons, reset),
    explanation,
    h(
      'div',
      { class: 'tt-lab__editors' },
      field('Header (JSON)', headerEditor),
      field('Payload (JSON)', payloadEditor),
      field('Signature (base64url)', signatureEditor),
    ),
    changes,
    h('p', { class: 'tt-w__heading' }, 'The token you will send'),
    preview,
    h('div', { class: 'tt-w__row' }, apiChoice, field('Route', route)),
    send,
    result,
  );
  load(context.token, context.kind);
}

/** A part's JSON, indented for editing; its text as it is when it is not JSON. */
function pretty(segment: string): string {
  const decoded = decodeBase64url(segment);
  if (!decoded.ok) return segment;
  const text = new TextDecoder().decode(decoded.bytes);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
