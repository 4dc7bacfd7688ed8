/** Socket.IO room names. Customer and operator namespaces each have their own rooms of the same names. */
export const rooms = {
  /** Everyone following one conversation: its customer's sockets, or the operators watching it. */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** Every operator socket of a workspace: inbox updates and handoff notices. */
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
  /** Every operator socket opened with one login session: closed together at logout. */
  session: (sessionId: string) => `session:${sessionId}`,
};
