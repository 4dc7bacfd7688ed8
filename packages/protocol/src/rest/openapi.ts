import * as z from 'zod';
import { defineOperation } from './operation.ts';

/** The OpenAPI 3.1 document of this API: the one body the contract leaves open, as the document describes itself. */
export const openApiDocumentSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)' });

export type OpenApiDocument = z.infer<typeof openApiDocumentSchema>;

export const openApiOperations = {
  openApi: defineOperation({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This API, described in OpenAPI 3.1',
    tag: 'Meta',
    access: 'public',
    responses: { 200: { description: 'The OpenAPI document', schema: openApiDocumentSchema } },
  }),
};
