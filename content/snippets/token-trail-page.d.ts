/**
 * What the tutorial's playground gives a snippet that runs there, and only
 * there: the snippets import it from `token-trail:page`. In code of your own,
 * the token comes from your sign-in (step 1) or from the request a backend
 * received.
 */
declare module 'token-trail:page' {
  /**
   * The ID or access token of whoever signed in on this page (the sign-in
   * widget of step 1); on the demo stacks, alice's when nobody has.
   */
  export function signedInToken(kind: 'id' | 'access'): Promise<string>;
}
