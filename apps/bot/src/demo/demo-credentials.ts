import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * What the demo must be able to print on every start but the database keeps only hashed: the operator's password
 * and the API key it made. Kept beside the data, readable by the server's user alone.
 */
const credentialsSchema = z.object({
  // Checked as a UUID because it goes straight into a uuid-typed query.
  botId: z.guid(),
  operatorEmail: z.string().min(1),
  operatorPassword: z.string().min(1),
  apiKey: z.string().min(1).optional(),
});

export type DemoCredentials = z.infer<typeof credentialsSchema>;

export const credentialsFile = (dataDir: string) => path.join(dataDir, 'demo-credentials.json');

/** The stored credentials; undefined when there are none or the file is unreadable (then the demo makes new ones). */
export async function readDemoCredentials(dataDir: string): Promise<DemoCredentials | undefined> {
  let raw: string;
  try {
    raw = await readFile(credentialsFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = credentialsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a private temporary file and renamed, so a crash never leaves a half-written or world-readable file. */
export async function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): Promise<void> {
  // With PostgreSQL nothing else may have created the data directory yet.
  await mkdir(dataDir, { recursive: true });
  const file = credentialsFile(dataDir);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile is filtered through the umask; chmod sets it exactly.
  await chmod(temp, 0o600);
  await rename(temp, file);
}
