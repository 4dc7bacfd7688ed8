import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How channel secrets sit in the database: AES-256-GCM under a key that is not in the database. */
export interface SealedSecrets {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

const isSealed = (value: unknown): value is SealedSecrets =>
  typeof value === 'object' && value !== null && (value as SealedSecrets).v === 1 && typeof (value as SealedSecrets).data === 'string';

/**
 * Encrypts channel secrets at rest, so a database dump or backup does not hand out bot tokens. node:crypto's
 * AES-GCM is the whole job (authenticated, so a tampered row fails to open instead of yielding garbage).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
  }

  seal(secrets: Record<string, string>): SealedSecrets {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** The secrets; `{}` (a removed channel's wiped secrets) opens to none. Throws for a wrong key or a tampered row. */
  open(stored: unknown): Record<string, string> {
    if (!isSealed(stored)) return {};
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(stored.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }
}

/**
 * The key: PARLEY_SECRETS_KEY (32 bytes, base64 or hex) when set, which every server of a deployment must share;
 * else a key generated once into the data directory (mode 0600), enough for a single server.
 */
export function loadSecretsKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) {
    const key = /^[0-9a-f]{64}$/i.test(fromEnv) ? Buffer.from(fromEnv, 'hex') : Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('PARLEY_SECRETS_KEY must be 32 bytes, as 64 hex digits or base64');
    return key;
  }
  const file = path.join(dataDir, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      // Another server sharing the directory wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
