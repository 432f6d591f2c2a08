import { decodeBase64url } from './base64url.ts';

/**
 * Takes apart whatever a reader pastes, as far as it goes, and says in plain
 * words what is wrong with it. Unlike a verifier (which refuses at the first
 * problem), this never gives up early: a token with a broken payload still
 * shows its header, a JWE still shows its protected header, and each problem
 * is reported against the part it is in. Nothing here verifies anything.
 */

export type PartRole = 'header' | 'payload' | 'signature' | 'encrypted-key' | 'iv' | 'ciphertext' | 'tag' | 'extra';

export interface TokenPart {
  role: PartRole;
  /** The segment as it appears in the token. */
  text: string;
}

export type FindingCode =
  | 'empty'
  | 'cleaned'
  | 'segments'
  | 'jwe'
  | 'alphabet'
  | 'length'
  | 'non-url-safe'
  | 'utf8'
  | 'json'
  | 'not-object'
  | 'alg-none'
  | 'alg-hmac'
  | 'no-signature'
  | 'no-kid'
  | 'crit';

export interface Finding {
  /** `error`: the token is broken; `warning`: it decodes, but no careful verifier accepts it; `info`: worth knowing. */
  severity: 'error' | 'warning' | 'info';
  code: FindingCode;
  part?: PartRole;
  message: string;
}

export interface InspectedToken {
  /** What was inspected, after removing what surrounded the token (quotes, `Bearer `, whitespace). */
  token: string;
  /** `jws`: header.payload.signature; `jwe`: an encrypted token (five parts); `unknown`: neither. */
  form: 'jws' | 'jwe' | 'unknown';
  parts: TokenPart[];
  /** The decoded header text, when it is text; `header` too when it is a JSON object. */
  headerText?: string;
  header?: Record<string, unknown>;
  payloadText?: string;
  payload?: Record<string, unknown>;
  /** Length of the decoded signature, bytes. */
  signatureBytes?: number;
  findings: Finding[];
}

const JWS_ROLES: PartRole[] = ['header', 'payload', 'signature'];
const JWE_ROLES: PartRole[] = ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'];

export function inspectToken(input: string): InspectedToken {
  const findings: Finding[] = [];
  const token = clean(input, findings);
  if (token === '') {
    findings.push({ severity: 'error', code: 'empty', message: 'There is no token to decode.' });
    return { token, form: 'unknown', parts: [], findings };
  }

  const segments = token.split('.');
  const form = segments.length === 5 ? 'jwe' : segments.length === 3 ? 'jws' : 'unknown';
  const roles = form === 'jwe' ? JWE_ROLES : JWS_ROLES;
  const parts = segments.map((text, index): TokenPart => ({ role: roles[index] ?? 'extra', text }));
  const result: InspectedToken = { token, form, parts, findings };
  const countProblem = describeSegmentCount(segments.length);
  if (countProblem) findings.push({ severity: 'error', code: 'segments', message: countProblem });

  // A lone part is decoded only if it turns out to be JSON: most likely it is an opaque token, not a JWT.
  const header = decodeJsonPart(segments[0]!, 'header', segments.length === 1 ? [] : findings);
  if (segments.length === 1 && !header.object) return result;
  result.headerText = header.text;
  result.header = header.object;

  if (form === 'jwe') {
    const enc = result.header?.enc;
    findings.push({
      severity: 'info',
      code: 'jwe',
      message: `This is an encrypted token (JWE, five parts${typeof enc === 'string' ? `, content encrypted with ${enc}` : ''}): only the holder of the key can read what is inside. Cognito's refresh tokens look like this; they are opaque to everyone but the user pool.`,
    });
    return result;
  }
  if (segments.length === 1) return result;

  const payload = decodeJsonPart(segments[1]!, 'payload', findings);
  result.payloadText = payload.text;
  result.payload = payload.object;

  const signature = segments[2];
  if (signature !== undefined && signature !== '') {
    const decoded = decodeBase64url(signature);
    if (decoded.ok) {
      result.signatureBytes = decoded.bytes.length;
      if (decoded.nonUrlSafe) findings.push(nonUrlSafe('signature'));
    } else findings.push(base64urlProblem(decoded, 'signature'));
  }
  findings.push(...headerFindings(result.header, signature));
  return result;
}

/** Strips what people copy along with a token: quotes, `Authorization: Bearer `, line breaks. */
function clean(input: string, findings: Finding[]): string {
  let token = input.trim();
  const removed: string[] = [];
  const quoted = /^(["'`])(.*)\1$/s.exec(token);
  if (quoted) {
    token = quoted[2]!.trim();
    removed.push('the quotes around it');
  }
  const prefix = /^(authorization:\s*)?bearer\s+/i.exec(token);
  if (prefix) {
    token = token.slice(prefix[0].length);
    removed.push(`the "${prefix[0].trim()}" in front of it`);
  }
  if (/\s/.test(token)) {
    token = token.replace(/\s+/g, '');
    removed.push('the spaces and line breaks inside it');
  }
  if (removed.length > 0) {
    findings.push({ severity: 'info', code: 'cleaned', message: `Removed ${removed.join(', and ')}; the token itself starts after that.` });
  }
  return token;
}

function describeSegmentCount(count: number): string | undefined {
  switch (count) {
    case 3:
    case 5:
      return undefined;
    case 1:
      return 'There is no dot in it. A JWT has three parts separated by dots (header.payload.signature); this may be an opaque token, or only one part of a JWT.';
    case 2:
      return 'It has two parts. A signed JWT has three: the signature part is missing (even an unsigned token ends with a dot).';
    case 4:
      return 'It has four parts. A signed JWT has three, an encrypted one five; a part was added or lost in copying.';
    default:
      return `It has ${count} parts. A signed JWT has three, an encrypted one five.`;
  }
}

/** Decodes a base64url part to text and, if it is one, a JSON object; every problem becomes a finding. */
function decodeJsonPart(segment: string, role: 'header' | 'payload', findings: Finding[]): { text?: string; object?: Record<string, unknown> } {
  if (segment === '') {
    findings.push({ severity: 'error', code: 'length', part: role, message: `The ${role} is empty.` });
    return {};
  }
  const decoded = decodeBase64url(segment);
  if (!decoded.ok) {
    findings.push(base64urlProblem(decoded, role));
    return {};
  }
  if (decoded.nonUrlSafe) findings.push(nonUrlSafe(role));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(decoded.bytes);
  } catch {
    findings.push({ severity: 'error', code: 'utf8', part: role, message: `The ${role} decodes to bytes that are not UTF-8 text, so it cannot be JSON.` });
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    findings.push({ severity: 'error', code: 'json', part: role, message: `The ${role} decodes to text that is not JSON (${(error as Error).message}).` });
    return { text };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    findings.push({
      severity: 'error',
      code: 'not-object',
      part: role,
      message: `The ${role} is JSON, but not an object: a JWT's ${role} must be a JSON object ({…}).`,
    });
    return { text };
  }
  return { text, object: value as Record<string, unknown> };
}

function base64urlProblem(decoded: Extract<ReturnType<typeof decodeBase64url>, { ok: false }>, role: PartRole): Finding {
  if (decoded.problem === 'alphabet') {
    return {
      severity: 'error',
      code: 'alphabet',
      part: role,
      message: `The ${role} has the character ${JSON.stringify(decoded.char)} at position ${decoded.index + 1}, which base64url does not use (only A–Z, a–z, 0–9, "-" and "_").`,
    };
  }
  return {
    severity: 'error',
    code: 'length',
    part: role,
    message: `The ${role} is ${decoded.length} characters long, a length no base64url text can have: a character was probably lost or added in copying.`,
  };
}

function nonUrlSafe(role: PartRole): Finding {
  return {
    severity: 'warning',
    code: 'non-url-safe',
    part: role,
    message: `The ${role} uses standard base64 ("+", "/" or "=" padding) instead of base64url. It decodes, but a strict verifier refuses it.`,
  };
}

/** What a verifier would object to in the header, before it even looks for a key. */
function headerFindings(header: Record<string, unknown> | undefined, signature: string | undefined): Finding[] {
  const findings: Finding[] = [];
  const alg = header?.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    findings.push({
      severity: 'warning',
      code: 'alg-none',
      part: 'header',
      message: `The algorithm is ${JSON.stringify(alg)}: the token claims to need no signature, so anyone could have written it. No verifier should accept it, and API Gateway does not.`,
    });
  } else if (typeof alg === 'string' && /^HS/i.test(alg)) {
    findings.push({
      severity: 'warning',
      code: 'alg-hmac',
      part: 'header',
      message: `The algorithm is ${alg}, an HMAC with a shared secret. Cognito signs with RS256 (an RSA private key only the pool has), and a verifier that expects RS256 must refuse anything else.`,
    });
  }
  if (signature === '') {
    findings.push({
      severity: 'warning',
      code: 'no-signature',
      part: 'signature',
      message: 'The signature part is empty: nothing proves who wrote this token.',
    });
  }
  if (header && alg !== undefined && !(typeof alg === 'string' && alg.toLowerCase() === 'none') && typeof header.kid !== 'string') {
    findings.push({
      severity: 'warning',
      code: 'no-kid',
      part: 'header',
      message: "The header has no key id (kid), so a verifier cannot tell which of the pool's keys to check the signature with.",
    });
  }
  if (header?.crit !== undefined) {
    findings.push({
      severity: 'warning',
      code: 'crit',
      part: 'header',
      message: `The header marks ${JSON.stringify(header.crit)} as critical: a verifier that does not understand them must refuse the token.`,
    });
  }
  return findings;
}
