import { useState, type FormEvent } from 'react';
import { fetchConversationTexts, saveConversationTexts } from '../api/domain.ts';
import type { BotLanguage, ConversationTexts } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useAction } from '../lib/use-action.ts';
import { useLoad } from '../lib/use-load.ts';
import { BuiltinsFieldset } from './BuiltinsFieldset.tsx';
import { BOT_TEXT_FIELDS, LANGUAGE_NAMES, SMALL_TALK_FIELDS } from './conversation-text-fields.ts';
import { ConversationTextField } from './ConversationTextField.tsx';
import { BOT_LANGUAGES, BOT_TEXT_KEYS, draftOf, SMALL_TALK_LABELS, updateOf, type TextsDraft } from './conversation-texts-draft.ts';

/** The bot's own texts and small-talk replies per language, and the built-ins its models learn. */
export function ConversationTextsSection({ botId, editable }: { botId: string; editable: boolean }) {
  const loaded = useLoad(() => fetchConversationTexts(botId), [botId]);
  return (
    <section className="conversation-texts" aria-labelledby="conversation-texts-title">
      <h2 id="conversation-texts-title">Bot texts &amp; small talk</h2>
      <p className="muted">What the bot says when it has no answer of yours to give, and its replies to small talk, in each language.</p>
      <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
      {loaded.data ? (
        <ConversationTextsForm
          key={botId}
          botId={botId}
          saved={loaded.data}
          editable={editable}
          onSaved={(texts) => loaded.setData(() => texts)}
        />
      ) : (
        loaded.loading && <Loading what="bot texts" />
      )}
    </section>
  );
}

interface FormProps {
  botId: string;
  saved: ConversationTexts;
  editable: boolean;
  onSaved(texts: ConversationTexts): void;
}

function ConversationTextsForm({ botId, saved, editable, onSaved }: FormProps) {
  const [language, setLanguage] = useState<BotLanguage>('en');
  const [draft, setDraft] = useState<TextsDraft>(() => draftOf(saved));
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const update = updateOf(draft, saved);
  const shown = draft.languages[language];
  const defaults = saved.defaults.languages[language];

  const edit = (change: (language: TextsDraft['languages'][BotLanguage]) => void) => {
    setNotice(null);
    setDraft((current) => {
      const next = structuredClone(current);
      change(next.languages[language]);
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!update) return;
    await run(async () => {
      const texts = await saveConversationTexts(botId, update);
      onSaved(texts);
      setDraft(draftOf(texts));
      setNotice(
        update.builtins
          ? 'Saved. The texts apply from the next reply; the built-in training data from the next retrain.'
          : 'Saved. The bot uses them from its next reply.',
      );
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <fieldset className="language-switch">
        <legend>Language</legend>
        {BOT_LANGUAGES.map((code) => (
          <label key={code} className="radio">
            <input type="radio" name="bot-texts-language" checked={language === code} onChange={() => setLanguage(code)} />{' '}
            <span lang={code}>{LANGUAGE_NAMES[code]}</span>
          </label>
        ))}
      </fieldset>
      <div className="stack" lang={language}>
        <h3>Texts</h3>
        {BOT_TEXT_KEYS.map((key) => (
          <ConversationTextField
            key={`${language}-${key}`}
            field={BOT_TEXT_FIELDS[key]}
            value={shown.texts[key]}
            defaultValue={defaults.texts[key]}
            editable={editable}
            onChange={(value) =>
              edit((texts) => {
                texts.texts[key] = value;
              })
            }
          />
        ))}
        <h3>Small talk</h3>
        {SMALL_TALK_LABELS.map((label) => (
          <ConversationTextField
            key={`${language}-${label}`}
            field={SMALL_TALK_FIELDS[label]}
            value={shown.smallTalk[label]}
            defaultValue={defaults.smallTalk[label].text}
            editable={editable}
            onChange={(value) =>
              edit((texts) => {
                texts.smallTalk[label] = value;
              })
            }
          />
        ))}
      </div>
      <BuiltinsFieldset
        value={draft.builtins}
        editable={editable}
        onChange={(builtins) => {
          setNotice(null);
          setDraft((current) => ({ ...current, builtins }));
        }}
      />
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
      {editable && (
        <button type="submit" className="primary" disabled={busy || !update}>
          {busy ? 'Saving…' : 'Save texts'}
        </button>
      )}
    </form>
  );
}
