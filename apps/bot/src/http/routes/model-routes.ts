import type { AppContext } from '../../app/context.ts';
import type { AnyRoute } from '../api-route.ts';

export function modelRoutes(_ctx: AppContext): AnyRoute[] {
  return [];
}
