import type { QuickReply } from '@parley/protocol';

/** One row of the quick-replies editor, as typed: either field may still be empty. */
export interface QuickReplyDraft {
  label: string;
  value: string;
}

export const emptyQuickReply = (): QuickReplyDraft => ({ label: '', value: '' });

/**
 * The quick replies the server stores: rows without a label are dropped (an unfinished row must not block a save),
 * and a row without a value sends its label, which is what a customer pressing it would be typing anyway.
 */
export function quickRepliesOf(drafts: readonly QuickReplyDraft[]): QuickReply[] {
  return drafts
    .map(({ label, value }) => ({ label: label.trim(), value: value.trim() }))
    .filter(({ label }) => label)
    .map(({ label, value }) => ({ label, value: value || label }));
}
