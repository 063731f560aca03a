/**
 * Server-side PIN hashing with the parameters of shared/staff.ts (PBKDF2-SHA256, hex salt, hex digest). The
 * device verifies the same hash with WebCrypto, so the salt is fed as raw bytes and the PIN as UTF-8.
 */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { PIN_HASH } from '../../shared/staff';

const pbkdf2Async = promisify(pbkdf2);

export async function hashPin(pin: string, saltHex: string, iterations: number = PIN_HASH.iterations): Promise<string> {
  const key = await pbkdf2Async(pin, Buffer.from(saltHex, 'hex'), iterations, PIN_HASH.keyBytes, 'sha256');
  return key.toString('hex');
}
