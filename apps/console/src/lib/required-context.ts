import { createContext, useContext } from 'react';

/**
 * A context whose hook fails loudly without its provider, instead of handing components a state that silently
 * does nothing.
 */
export function createRequiredContext<State>(hookName: string, providerName: string) {
  const Context = createContext<State | null>(null);
  const useRequired = (): State => {
    const state = useContext(Context);
    if (!state) throw new Error(`${hookName} must be used inside ${providerName}`);
    return state;
  };
  return [Context, useRequired] as const;
}
