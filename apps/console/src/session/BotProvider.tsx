import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { fetchBots } from '../api/workspace.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';
import { BotContext } from './bot-context.ts';

const STORAGE_KEY = 'parley.console.botId';

/** The workspace's bots and the one the pages work on, remembered across visits. */
export function BotProvider({ children }: { children: ReactNode }) {
  const { data, error, loading, reload } = useLoad(() => fetchBots(), []);
  const [chosenId, setChosenId] = useState(() => localStorage.getItem(STORAGE_KEY));

  const selectBot = useCallback((botId: string) => {
    localStorage.setItem(STORAGE_KEY, botId);
    setChosenId(botId);
  }, []);

  const bots = useMemo(() => data?.bots ?? [], [data]);
  const bot = bots.find(({ id }) => id === chosenId) ?? bots[0] ?? null;
  const state = useMemo(() => ({ bots, bot, selectBot, reload }), [bots, bot, selectBot, reload]);

  if (loading && !data) return <Loading what="the workspace" />;
  if (error && !data) return <ErrorMessage error={error} onRetry={reload} />;
  return <BotContext.Provider value={state}>{children}</BotContext.Provider>;
}
