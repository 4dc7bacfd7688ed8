/**
 * An SQL condition on the conversations row `alias`: the conversation went to a person at some point, through the
 * queue ('waiting') or an operator stepping in ('assigned'). Its status log tells even after it was closed.
 */
export const handedOffSql = (alias: string): string =>
  `(${alias}.status IN ('waiting', 'assigned') OR ${alias}.handoff_reason IS NOT NULL OR EXISTS (
     SELECT 1 FROM messages s WHERE s.conversation_id = ${alias}.id AND s.kind = 'status' AND s.payload->>'status' IN ('waiting', 'assigned')))`;
