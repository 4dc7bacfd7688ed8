import * as z from 'zod';
import { defineOperation } from './operation.ts';
import { uuidSchema } from './primitives.ts';

export const operatorRoleSchema = z.enum(['admin', 'agent']);

/** An operator as the API shows them: who they are, never their credentials. */
export const operatorProfileSchema = z
  .object({ id: uuidSchema, email: z.string(), displayName: z.string(), role: operatorRoleSchema })
  .meta({ id: 'Operator' });

export const operatorListSchema = z.object({ operators: z.array(operatorProfileSchema) });

export type OperatorRole = z.infer<typeof operatorRoleSchema>;
export type OperatorProfile = z.infer<typeof operatorProfileSchema>;
export type OperatorList = z.infer<typeof operatorListSchema>;

export const operatorOperations = {
  listOperators: defineOperation({
    method: 'get',
    path: '/operators',
    operationId: 'listOperators',
    summary: "The operators of the caller's workspace (the caller included): who a conversation can be assigned to",
    tag: 'Operators',
    access: 'operator',
    responses: { 200: { description: 'By email', schema: operatorListSchema } },
  }),
};
