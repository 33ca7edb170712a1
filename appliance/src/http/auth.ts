import type { IncomingMessage } from 'node:http';
import type { User } from '../domain/media.js';
import { parseBearer } from '../domain/tokens.js';
import type { Accounts } from '../services/accounts.js';
import { HttpError } from './respond.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="biblio"' };

/** Resolves the bearer token of a request to its user, or throws 401. */
export async function authenticate(req: IncomingMessage, accounts: Accounts): Promise<User> {
  const token = parseBearer(req.headers.authorization);
  if (!token) {
    throw new HttpError(401, 'unauthorized', 'missing bearer token: send Authorization: Bearer TOKEN', undefined, CHALLENGE);
  }
  const user = await accounts.authenticate(token);
  if (!user) throw new HttpError(401, 'unauthorized', 'invalid or revoked token', undefined, CHALLENGE);
  return user;
}
