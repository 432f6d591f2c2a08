import * as jose from 'jose';
import { define } from './define.ts';

define('jose', jose);
