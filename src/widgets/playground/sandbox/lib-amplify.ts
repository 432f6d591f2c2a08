import * as amplify from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import * as utils from 'aws-amplify/utils';
import { define } from './define.ts';

// aws-amplify itself, as an app imports it: its Amplify.configure also sets up
// the Cognito token provider that fetchAuthSession reads. In the sandbox,
// which may not touch the site's storage, Amplify keeps its tokens in memory
// (its localStorage fallback), for one run.
define('aws-amplify', amplify);
define('aws-amplify/auth', auth);
define('aws-amplify/utils', utils);
