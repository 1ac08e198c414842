import { createHmac, randomBytes } from 'node:crypto';

/**
 * What a vote stores instead of the voter's Discord id: an HMAC-SHA256 of the id under a secret salt,
 * so one person's votes on an answer can be told apart from another's (one vote each) without the
 * database holding anyone's id. Without the salt the hash cannot be reversed by trying every id.
 */
export function hashUserId(salt: string, userId: string): string {
  return createHmac('sha256', salt).update(userId).digest('hex').slice(0, 32);
}

/** A fresh salt: 32 random bytes as hex. */
export function newSalt(): string {
  return randomBytes(32).toString('hex');
}
