import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationTexts, ConversationTextValues, LanguageTexts } from '@parley/protocol';
import { draftOf, updateOf } from '../src/domain/conversation-texts-draft.ts';

const language = (prefix: string): LanguageTexts => ({
  texts: {
    fallback: `${prefix} fallback`,
    clarify: `${prefix} {option1} or {option2}?`,
    handoff: `${prefix} handoff`,
    waitingForAgent: `${prefix} waiting`,
    talkToPerson: `${prefix} person`,
  },
  smallTalk: {
    'smalltalk.greeting': { text: `${prefix} hello` },
    'smalltalk.thanks': { text: `${prefix} welcome` },
    'smalltalk.goodbye': { text: `${prefix} bye` },
    'smalltalk.are_you_a_bot': { text: `${prefix} a bot` },
    'smalltalk.ok': { text: `${prefix} ok` },
  },
});

const DEFAULTS: ConversationTextValues = {
  languages: { en: language('en'), zh: language('中文') },
  builtins: { smallTalk: true, background: true },
};

/** The defaults with `change` applied to a copy: what the server says the bot uses now. */
const savedWith = (change: (values: ConversationTextValues) => void): ConversationTexts => {
  const values = structuredClone(DEFAULTS);
  change(values);
  return { ...values, defaults: structuredClone(DEFAULTS) };
};

describe('updateOf', () => {
  it('has nothing to save for an untouched draft, or for whitespace around the same text', () => {
    const saved = savedWith(() => {});
    assert.equal(updateOf(draftOf(saved), saved), undefined);
    const draft = draftOf(saved);
    draft.languages.en.texts.fallback = '  en fallback \n';
    assert.equal(updateOf(draft, saved), undefined);
  });

  it('sends only the edited values, trimmed, per language', () => {
    const saved = savedWith(() => {});
    const draft = draftOf(saved);
    draft.languages.zh.texts.fallback = ' 抱歉，请再说一次。 ';
    draft.languages.en.smallTalk['smalltalk.greeting'] = 'Hello from Acme!';
    assert.deepEqual(updateOf(draft, saved), {
      languages: {
        en: { smallTalk: { 'smalltalk.greeting': { text: 'Hello from Acme!' } } },
        zh: { texts: { fallback: '抱歉，请再说一次。' } },
      },
    });
  });

  it('sends null for a value put back to its default or emptied, so that the override is removed', () => {
    const saved = savedWith((values) => {
      values.languages.en.texts.handoff = 'Own handoff';
      values.languages.zh.smallTalk['smalltalk.ok'] = { text: '好的（自定义）' };
    });
    const draft = draftOf(saved);
    draft.languages.en.texts.handoff = 'en handoff';
    draft.languages.zh.smallTalk['smalltalk.ok'] = '   ';
    assert.deepEqual(updateOf(draft, saved), {
      languages: { en: { texts: { handoff: null } }, zh: { smallTalk: { 'smalltalk.ok': null } } },
    });
  });

  it('does not send an emptied value that is already the default', () => {
    const saved = savedWith(() => {});
    const draft = draftOf(saved);
    draft.languages.en.texts.clarify = '';
    assert.equal(updateOf(draft, saved), undefined);
  });

  it("keeps a small-talk reply's quick replies when its text changes", () => {
    const quickReplies = [{ label: 'Track my order', value: 'track_order' }];
    const saved = savedWith((values) => {
      values.languages.en.smallTalk['smalltalk.greeting'] = { text: 'Hi!', quickReplies };
    });
    const draft = draftOf(saved);
    draft.languages.en.smallTalk['smalltalk.greeting'] = 'Hi there!';
    assert.deepEqual(updateOf(draft, saved), {
      languages: { en: { smallTalk: { 'smalltalk.greeting': { text: 'Hi there!', quickReplies } } } },
    });
  });

  it('sends a built-in switch when it changed: its value, or null when back at the default', () => {
    const saved = savedWith((values) => {
      values.builtins.smallTalk = false;
    });
    const draft = draftOf(saved);
    draft.builtins = { smallTalk: true, background: false };
    assert.deepEqual(updateOf(draft, saved), { builtins: { smallTalk: null, background: false } });
  });
});
