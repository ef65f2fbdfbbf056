// Bearer tokens: 256 random bits, URL-safe; only their SHA-256 is stored (enough for high-entropy secrets).
import { createHash, randomBytes } from 'node:crypto';

/** A fresh token, prefixed so it is recognisable in a leaked-secret scan. */
export function newBearerToken(): string {
  return `srt_${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a token. */
export function hashBearerToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
