import type { AppContext } from '../../app/context.ts';
import type { AnyRoute } from '../api-route.ts';

export function operatorRoutes(_ctx: AppContext): AnyRoute[] {
  return [];
}
