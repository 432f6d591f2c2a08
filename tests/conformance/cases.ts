/**
 * The shape of a conformance suite: named cases, each an async function of a
 * target that says where the stack under test is and how to reach it. The
 * cases import nothing from Node, so that the same modules run in Node
 * (tests/userpool/amplify.test.ts, tests/gateway/attacks.test.ts,
 * tests/gateway/events.test.ts) and, bundled by esbuild, in a Chromium page
 * (tests/browser/conformance.spec.ts). A case passes by returning and fails
 * by throwing; its expected values are written in the case, never read from
 * the code under test.
 */
export interface Case<Target> {
  /** Unique in its suite: both runners report the case under this name. */
  name: string;
  run(target: Target): Promise<void>;
}

export interface Suite<Target> {
  name: string;
  cases: readonly Case<Target>[];
  /** Run before every case, by both runners. */
  beforeEach?(target: Target): Promise<void>;
}

/** The outcome of one case as a page hands it back to Playwright: plain data. */
export type CaseResult = { ok: true } | { ok: false; name: string; message: string; stack?: string };

export async function runCase<Target>(suite: Suite<Target>, name: string, target: Target): Promise<CaseResult> {
  const found = suite.cases.find((candidate) => candidate.name === name);
  if (!found) return { ok: false, name: 'UnknownCase', message: `${suite.name} has no case named ${JSON.stringify(name)}` };
  try {
    await suite.beforeEach?.(target);
    await found.run(target);
    return { ok: true };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name: failure.name, message: failure.message, stack: failure.stack };
  }
}

let counter = 0;
const RUN = Array.from(crypto.getRandomValues(new Uint8Array(4)), (byte) => byte.toString(36).padStart(2, '0')).join('');

/** A name nobody else in this run has, for the users and clients a case makes for itself (`user-…`: the masked address is `u***@e***`). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${RUN}-${counter}`;
}
