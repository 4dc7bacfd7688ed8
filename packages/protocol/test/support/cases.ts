import type { ClientEventName, NamespaceName } from '../../src/index.ts';
import { clientExamples } from './examples.ts';

/** Every (namespace, client event) pair, each with its valid example. */
export const clientEvents = (Object.keys(clientExamples) as NamespaceName[]).flatMap((namespace) =>
  Object.entries(clientExamples[namespace]).map(([event, example]) => ({
    namespace,
    event: event as ClientEventName<NamespaceName>,
    example: example as Record<string, unknown>,
  })),
);
