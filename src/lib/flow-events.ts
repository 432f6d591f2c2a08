import type { ApiName } from './stack-urls.ts';
import type { HopName } from './trace/hops.ts';
import type { StepNumber } from './trace/steps.ts';

/**
 * Widgets tell the page's flow diagram what is happening, so it can light up
 * the step and hop a request is at. They never touch the diagram directly.
 */
export const FLOW_EVENT = 'tt:flow';

export interface FlowEventDetail {
  step: StepNumber;
  /** A gateway hop (steps 3 to 7), when the widget knows it from a trace. */
  hop?: HopName;
  state: 'active' | 'ok' | 'failed';
  /** Short words for screen readers and the diagram's caption. */
  label?: string;
  /** With a new request (step 3): the demo API it goes to, whose authorizer the diagram marks. */
  api?: ApiName;
}

export function emitFlow(detail: FlowEventDetail, target: EventTarget = document): void {
  target.dispatchEvent(new CustomEvent<FlowEventDetail>(FLOW_EVENT, { detail }));
}

/** Calls `listener` for every flow event; returns a function that stops listening. */
export function onFlow(listener: (detail: FlowEventDetail) => void, target: EventTarget = document): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<FlowEventDetail>).detail);
  target.addEventListener(FLOW_EVENT, handler);
  return () => target.removeEventListener(FLOW_EVENT, handler);
}
