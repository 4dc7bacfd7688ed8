import { restOperations } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { listOperators } from '../../db/operator-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';

export function operatorRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.listOperators, {
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
