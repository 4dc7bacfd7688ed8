export type { Database, DatabaseKind, Queryable, QueryResult } from './db/database.ts';
export { openDatabase, type OpenDatabaseOptions } from './db/open-database.ts';
export { migrate, type MigrateResult } from './db/migrate.ts';
export { DatabaseConnectionError, SchemaMigrationError, UnknownConversationError } from './db/errors.ts';
export { redactUrl } from './db/redact-url.ts';
export {
  appendMessage,
  messagesSince,
  MAX_MESSAGE_TEXT,
  MAX_MESSAGES_SINCE,
  type AppendMessageInput,
  type AppendMessageResult,
  type Message,
  type MessageSender,
} from './db/message-store.ts';
export type { Json } from './db/message.ts';
export * from './engine/index.ts';
export { loadConfig, ConfigError, type ServerConfig } from './config/env.ts';
export { createBotServer, MAX_PAYLOAD_BYTES, type BotServer } from './server/create-server.ts';
export { createVisitor, findVisitor, type Visitor } from './db/visitor-store.ts';
export { openConversation, type Conversation } from './db/conversation-store.ts';
