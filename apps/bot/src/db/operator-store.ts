import { hash, verify } from '@node-rs/argon2';
import { normalizeEmail } from '../auth/identifiers.ts';
import type { Queryable } from './database.ts';

export type OperatorRole = 'admin' | 'agent';

export interface Operator {
  id: string;
  workspaceId: string;
  email: string;
  displayName: string;
  role: OperatorRole;
}

interface OperatorRow {
  id: string;
  workspace_id: string;
  email: string;
  display_name: string;
  role: OperatorRole;
}

export const OPERATOR_COLUMNS = 'id, workspace_id, email, display_name, role';

export const toOperator = (row: OperatorRow): Operator => ({
  id: row.id,
  workspaceId: row.workspace_id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
});

/** Minimum operator password length; the console and the seed both go through createOperator. */
export const MIN_PASSWORD_LENGTH = 10;
// argon2 of a megabyte-long "password" is an easy denial of service; no real password is this long.
const MAX_PASSWORD_LENGTH = 200;

export class OperatorInputError extends Error {
  override readonly name = 'OperatorInputError';
}

export interface NewOperator {
  workspaceId: string;
  email: string;
  displayName: string;
  password: string;
  role: OperatorRole;
}

/** Adds an operator with an argon2id password hash; the email is stored normalised (normalizeEmail; unique per server). */
export async function createOperator(db: Queryable, input: NewOperator): Promise<Operator> {
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH)
    throw new OperatorInputError(`password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`);
  const { rows } = await db.query<OperatorRow>(
    `INSERT INTO operators (workspace_id, email, display_name, password_hash, role) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${OPERATOR_COLUMNS}`,
    [input.workspaceId, normalizeEmail(input.email), input.displayName.trim(), await hash(input.password), input.role],
  );
  return toOperator(rows[0]!);
}

// Verifying against a real hash when the email is unknown keeps the response time the same, so a login form
// cannot be used to find out which emails have accounts.
let decoyHash: Promise<string> | undefined;

/** The operator these credentials belong to, or undefined; the same time is spent either way. */
export async function authenticateOperator(db: Queryable, email: string, password: string): Promise<Operator | undefined> {
  if (password.length > MAX_PASSWORD_LENGTH) return undefined;
  const { rows } = await db.query<OperatorRow & { password_hash: string }>(
    `SELECT ${OPERATOR_COLUMNS}, password_hash FROM operators WHERE email = $1`,
    [normalizeEmail(email)],
  );
  const row = rows[0];
  decoyHash ??= hash('parley-decoy-password');
  const ok = await verify(row?.password_hash ?? (await decoyHash), password).catch(() => false);
  return row && ok ? toOperator(row) : undefined;
}

export async function findOperator(db: Queryable, id: string): Promise<Operator | undefined> {
  const { rows } = await db.query<OperatorRow>(`SELECT ${OPERATOR_COLUMNS} FROM operators WHERE id = $1`, [id]);
  return rows[0] && toOperator(rows[0]);
}

export async function listOperators(db: Queryable, workspaceId: string): Promise<Operator[]> {
  const { rows } = await db.query<OperatorRow>(`SELECT ${OPERATOR_COLUMNS} FROM operators WHERE workspace_id = $1 ORDER BY email`, [
    workspaceId,
  ]);
  return rows.map(toOperator);
}

/** Whether `id` (as a client sent it, not necessarily a UUID) is an operator of the workspace. */
export async function isWorkspaceOperator(db: Queryable, id: string, workspaceId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT id FROM operators WHERE id::text = $1 AND workspace_id = $2', [id, workspaceId]);
  return rows.length > 0;
}

/** The display names of the operators of `ids` that exist, by id. */
export async function operatorDisplayNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; display_name: string }>(
    'SELECT id, display_name FROM operators WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
