import { idSchema } from '@parley/protocol';
import { z } from 'zod';

export const botParamsSchema = z.object({ botId: idSchema.meta({ description: 'The bot id (a UUID)' }) });
export const apiKeyParamsSchema = botParamsSchema.extend({ apiKeyId: idSchema.meta({ description: 'The API key id (a UUID)' }) });
