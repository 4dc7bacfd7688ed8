import type { AppContext } from '../../app/context.ts';
import type { AnyRoute } from '../api-route.ts';

export function domainRoutes(_ctx: AppContext): AnyRoute[] {
  return [];
}
