import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { listOperators } from '../../db/operator-store.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { operatorProfileSchema } from '../api-schemas.ts';

export function operatorRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/operators',
      operationId: 'listOperators',
      summary: "The operators of the caller's workspace (the caller included): who a conversation can be assigned to",
      tag: 'Operators',
      access: 'operator',
      responses: { 200: { description: 'By email', schema: z.object({ operators: z.array(operatorProfileSchema) }) } },
      async handle(_input, { caller: { operator } }) {
        const operators = await listOperators(ctx.db, operator.workspaceId);
        return {
          status: 200,
          body: { operators: operators.map(({ id, displayName, email, role }) => ({ id, displayName, email, role })) },
        };
      },
    }),
  ];
}
