import { signedInToken } from 'token-trail:page';

// Here: the ID token you signed in with on this page (alice's, if you have not).
const token = await signedInToken('id');

// base64url to base64, to bytes, to UTF-8 text, to JSON. atob alone gives one
// character per byte, which garbles every claim beyond ASCII ("Zoë" would read "ZoÃ«"):
// TextDecoder reads the bytes as the UTF-8 they are (RFC 7519, section 7.2).
const [header, payload] = token
  .split('.')
  .slice(0, 2)
  .map((part) => {
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  });
console.log(header, payload);
