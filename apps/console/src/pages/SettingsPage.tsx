import { useState } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { LlmSettingsSection } from '../llm/LlmSettingsSection.tsx';
import { useBots } from '../session/bot-context.ts';
import { useIsAdmin } from '../session/session-context.ts';
import { UsageSection } from '../usage/UsageSection.tsx';

/** The bot's language model and what it and the bot's API keys have used: admins only, as the API has it. */
export function SettingsPage() {
  const { bot } = useBots();
  const isAdmin = useIsAdmin();
  const [usageVersion, setUsageVersion] = useState(0);
  if (!bot) return <EmptyState>This workspace has no bot yet.</EmptyState>;
  if (!isAdmin) return <EmptyState>Only admins can see the bot’s settings and usage.</EmptyState>;
  return (
    <div className="settings-page" key={bot.id}>
      <h1>Settings of {bot.name}</h1>
      <LlmSettingsSection botId={bot.id} onMetered={() => setUsageVersion((n) => n + 1)} />
      <UsageSection botId={bot.id} version={usageVersion} />
    </div>
  );
}
