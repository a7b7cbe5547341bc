import { hash, verify } from '@node-rs/argon2';
import { minPasswordLength } from '@lastmile/shared';
import { AppError } from '../../errors';

// Argon2id with the OWASP minimum (19 MiB, 2 passes): ~20 ms per hash on this hardware.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified against when the user does not exist. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  return decoyHash;
}

export function assertPasswordAcceptable(password: string, username: string): void {
  if ([...password].length < minPasswordLength || password.toLowerCase() === username.toLowerCase()) {
    throw new AppError('PASSWORD_TOO_SHORT', 400, undefined, { min: minPasswordLength });
  }
}
