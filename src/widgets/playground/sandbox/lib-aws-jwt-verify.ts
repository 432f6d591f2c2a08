import * as awsJwtVerify from 'aws-jwt-verify';
import { define } from './define.ts';

define('aws-jwt-verify', awsJwtVerify);
