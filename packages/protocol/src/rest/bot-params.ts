import * as z from 'zod';
import { idSchema } from '../primitives.ts';

/** The path parameters of every operation under /bots/:botId. */
export const botParamsSchema = z.object({ botId: idSchema.meta({ description: 'The bot id (a UUID)' }) });
export const apiKeyParamsSchema = botParamsSchema.extend({ apiKeyId: idSchema.meta({ description: 'The API key id (a UUID)' }) });
