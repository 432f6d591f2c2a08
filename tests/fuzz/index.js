// `node --test tests/fuzz/` loads a folder through its index.js: this one
// runs every property of the folder. `npm test` finds the *.test.ts files
// themselves, and never this file.
import './userpool.test.ts';
import './gateway.test.ts';
