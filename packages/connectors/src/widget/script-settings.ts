import { pickStrings, type WidgetStrings } from './strings.ts';

export interface WidgetSettings {
  botKey: string;
  /** Where the script came from: the bot server the widget talks to. */
  serverOrigin: string;
  lang: 'en' | 'zh';
  strings: WidgetStrings;
  title: string;
  startOpen: boolean;
}

/**
 * The script element that loaded the widget. currentScript is set while a classic script runs; the selector is
 * the fallback for loaders that inject the code some other way.
 */
function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.bot) return current;
  return document.querySelector<HTMLScriptElement>('script[data-bot][src*="widget.js"]');
}

/** Reads `<script src=".../widget.js" data-bot data-lang data-title data-open>`; undefined when there is no bot key. */
export function readScriptSettings(): WidgetSettings | undefined {
  const script = ownScript();
  const botKey = script?.dataset.bot?.trim();
  if (!script || !botKey) return undefined;
  const { lang, strings } = pickStrings(script.dataset.lang, document.documentElement.lang, navigator.language);
  const open = script.dataset.open;
  return {
    botKey,
    serverOrigin: new URL(script.src, location.href).origin,
    lang,
    strings,
    title: script.dataset.title?.trim() || strings.title,
    startOpen: open !== undefined && open !== 'false',
  };
}
