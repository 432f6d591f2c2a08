import { backendApis } from '../../lib/backend.ts';
import { emitFlow } from '../../lib/flow-events.ts';
import { apiLabel, getRoutesOf } from '../../lib/demo-routes.ts';
import type { ApiName } from '../../lib/stack-urls.ts';
import { field, h, replace, uid } from '../shared/dom.ts';
import { lazily } from '../shared/lazily.ts';
import { mountFrame, type Frame } from '../shared/frame.ts';
import { earlierTokens, tokenOf } from '../shared/token-store.ts';
import type { TokenChoice } from './request-token.ts';

/** The GET routes an API serves, from the list the gateway serves (src/lib/demo-routes.ts). */
function routesOf(api: ApiName): [route: string, about: string][] {
  return getRoutesOf(api).map((route) => [route.path, route.summary ?? '']);
}

// The routes whose authorizer takes access tokens only: a tampered or expired token sent there starts from one.
const ACCESS_ROUTES = new Set(['/scoped', '/access']);

const TOKENS: [TokenChoice, string][] = [
  ['id', 'ID token'],
  ['access', 'Access token'],
  ['none', 'No token'],
  ['tampered', 'Tampered token'],
  ['expired', 'Expired token'],
];

/**
 * <tt-api-call data-api data-route data-token>: sends one request to a demo
 * API with the reader's choice of token, then shows the verdict, the
 * gateway's trace as a waterfall, the event Lambda received and the
 * response. The page's diagram follows along.
 */
class ApiCall extends HTMLElement {
  #frame?: Frame;
  #results = h('div', { class: 'tt-api__results' });

  connectedCallback(): void {
    if (this.#frame) return;
    const frame = mountFrame(this, 'Call the demo API', 'Choose an API, a route and a token, then send the request and follow it through the gateway.');
    if (!frame) return;
    this.#frame = frame;
    const offered = backendApis(frame.backend);
    const asked = offered.find((name) => name === this.dataset.api) ?? 'rest';
    const api = choiceGroup(
      'API and its authorizer',
      offered.map((name) => [name, apiLabel(name)]),
      asked,
    );
    const pageRoute = this.dataset.route;
    const routeOptions = (): Option[] => {
      const routes = routesOf(api.value() as ApiName);
      const all = !pageRoute || routes.some(([path]) => path === pageRoute) ? routes : [...routes, [pageRoute, 'route from this page'] as [string, string]];
      return all.map(([path, about]) => [path, `GET ${path}`, about]);
    };
    const route = select('Route', routeOptions(), pageRoute ?? '/hello');
    // What the chosen route does, in full under the list: a phone's select shows a few words of an option at most.
    const routeAbout = h('p', { class: 'tt-w__note', attrs: { id: uid('tt-route-about') } });
    route.control.setAttribute('aria-describedby', routeAbout.id);
    route.field.append(routeAbout);
    const describeRoute = () => {
      const chosen = route.control.selectedOptions[0];
      routeAbout.textContent = chosen?.dataset.about ? `${chosen.text}: ${chosen.dataset.about}.` : '';
    };
    describeRoute();
    route.control.addEventListener('change', describeRoute);
    // Each API lists the routes it serves; the chosen route stays chosen where the other API has it too, else /hello.
    api.element.addEventListener('change', () => {
      const options = routeOptions();
      const chosen = options.some(([value]) => value === route.control.value) ? route.control.value : '/hello';
      replace(
        route.control,
        options.map((option) => optionOf(option, chosen)),
      );
      describeRoute();
    });
    const token = select('Token', TOKENS, TOKENS.some(([value]) => value === this.dataset.token) ? this.dataset.token! : 'id');
    const scheme = choiceGroup(
      'Authorization header',
      [
        ['bearer', 'Bearer <token>'],
        ['raw', '<token> alone'],
      ],
      'bearer',
    );
    const send = h('button', { class: 'tt-w__button', attrs: { type: 'submit' } }, 'Send the request');
    const form = h(
      'form',
      null,
      api.element,
      h('div', { class: 'tt-w__row' }, route.field, token.field),
      scheme.element,
      h('div', { class: 'tt-w__row' }, send),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send(send, {
        api: api.value() as ApiName,
        route: route.control.value,
        token: token.control.value as TokenChoice,
        bearer: scheme.value() === 'bearer',
      });
    });
    replace(frame.body, form, this.#results);
  }

  async #send(button: HTMLButtonElement, choice: { api: ApiName; route: string; token: TokenChoice; bearer: boolean }): Promise<void> {
    const { backend, status } = this.#frame!;
    button.disabled = true;
    try {
      const [{ requestToken }, { callGateway }, view] = await lazily(() =>
        Promise.all([import('./request-token.ts'), import('../shared/gateway/call-gateway.ts'), import('../shared/gateway/trace-view.ts')]),
      );
      // A tampered or expired token is of the kind the route takes.
      const kind = choice.token === 'id' || choice.token === 'access' ? choice.token : ACCESS_ROUTES.has(choice.route) ? 'access' : 'id';
      const token = requestToken(choice.token, { kind, current: tokenOf(kind), earlier: earlierTokens(kind) });
      if (!token.ok) {
        status.say(token.note, 'warn');
        return;
      }
      const authorization = token.token === null ? null : choice.bearer ? `Bearer ${token.token}` : token.token;
      status.say(`Sending GET ${choice.route} to the ${apiLabel(choice.api)}…`);
      emitFlow({ step: 3, state: 'active', label: `GET ${choice.route}`, api: choice.api });
      const exchange = await callGateway(backend, { api: choice.api, route: choice.route, authorization });
      replace(
        this.#results,
        view.verdict(exchange),
        h('p', { class: 'tt-w__heading' }, 'The request'),
        h('p', { class: 'tt-w__note' }, token.note),
        h(
          'pre',
          { class: 'tt-code', attrs: { tabindex: 0, 'aria-label': 'The request' } },
          `GET ${exchange.url}\n${authorization === null ? '(no Authorization header)' : `Authorization: ${shorten(authorization)}`}`,
        ),
        h('p', { class: 'tt-w__heading' }, 'The response'),
        view.responseView(exchange),
        h('p', { class: 'tt-w__heading' }, "The gateway's trace"),
        exchange.trace ? view.waterfall(exchange.trace) : h('p', { class: 'tt-w__note' }, exchange.traceNote ?? ''),
        !exchange.trace && backend.kind === 'aws' ? view.awsInstead(exchange) : null,
        exchange.trace ? [h('p', { class: 'tt-w__heading' }, 'The Lambda event'), view.lambdaEvent(exchange.trace)] : null,
      );
      status.say(view.headline(exchange), exchange.status < 400 ? 'ok' : 'fail');
      if (exchange.trace) await view.replayFlow(exchange.trace);
      // No hops to replay (AWS keeps them): the diagram shows the outcome alone.
      else emitFlow({ step: 7, state: exchange.status < 400 ? 'ok' : 'failed', label: `HTTP ${exchange.status}` });
    } catch (error) {
      status.say((error as Error).message, 'fail');
      emitFlow({ step: 3, state: 'failed', label: 'No answer' });
    } finally {
      button.disabled = false;
    }
  }
}

function shorten(authorization: string): string {
  return authorization.length > 90 ? `${authorization.slice(0, 60)}…${authorization.slice(-12)} (${authorization.length} characters)` : authorization;
}

function choiceGroup(legend: string, options: [string, string][], initial: string): { element: HTMLElement; value(): string } {
  const name = uid('tt-choice');
  const element = h(
    'fieldset',
    { class: 'tt-w__choices' },
    h('legend', { class: 'tt-w__legend' }, legend),
    options.map(([value, label]) => h('label', null, h('input', { attrs: { type: 'radio', name, value, checked: value === initial } }), label)),
  );
  return { element, value: () => element.querySelector<HTMLInputElement>('input:checked')?.value ?? initial };
}

/** An option: its value, its text, and optionally what it does (shown under the list when chosen). */
type Option = [value: string, text: string, about?: string];

function optionOf([value, text, about]: Option, chosen: string): HTMLOptionElement {
  return h('option', { attrs: { value, selected: value === chosen, 'data-about': about } }, text);
}

function select(label: string, options: Option[], initial: string): { field: HTMLElement; control: HTMLSelectElement } {
  const control = h(
    'select',
    null,
    options.map((option) => optionOf(option, initial)),
  );
  return { field: field(label, control), control };
}

customElements.define('tt-api-call', ApiCall);
