/**
 * Builds answers.json, the demo bot's answer per intent, from Bitext's CSV with responses:
 *
 *   tsx apps/bot/demo/bitext/build-answers.ts <bitext_with_responses.csv> [out.json]
 *
 * Bitext's responses are long and full of `{{Placeholder}}` slots meant to be filled per company. For each intent
 * this picks a short response whose slots all have a neutral wording, so the demo never shows a customer raw
 * template syntax, an invented number, or someone else's order id. Run it again after changing the choices below;
 * the output is deterministic for the same CSV.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

interface BitextRow {
  intent: string;
  category: string;
  response: string;
  /** What the customer's message named (an order id, an account type, an amount); empty for generic requests. */
  entity_type: string;
  entity_value: string;
}

interface Answer {
  text: string;
  quickReplies: Array<{ label: string; value: string }>;
}

const MAX_PREFERRED_LENGTH = 600;
// Shorter responses are mostly one-liners that promise help without giving any.
const MIN_PREFERRED_LENGTH = 200;
const MAX_ANSWER_LENGTH = 4_000;

/** Slot names (lower-cased) that stand for contact details or identifiers, with wording that fits any company. */
const NEUTRAL_WORDING: Record<string, string> = {
  'customer support phone number': 'our customer support phone number',
  'customer service phone number': 'our customer service phone number',
  'support phone number': 'our support phone number',
  'customer assistance phone number': 'our customer support phone number',
  'phone number': 'our phone number',
  'customer support email': 'our support email address',
  'customer support email address': 'our support email address',
  'customer service email': 'our support email address',
  'customer service email address': 'our support email address',
  'support email': 'our support email address',
  'support email address': 'our support email address',
  'customer support availability': 'during business hours',
  'customer support hours': 'during business hours',
  'customer service hours': 'during business hours',
  'support team availability': 'during business hours',
  'live chat': 'live chat',
  'website name': 'our website',
  'website url': 'our website',
  website: 'our website',
  'company website': 'our website',
  'website or app': 'our website or app',
  'company name': 'our company',
  'order number': 'your order number',
  'order number anonymized': 'your order number',
  'order id anonymized': 'your order number',
  'purchase id anonymized': 'your order number',
  'purchase number anonymized': 'your order number',
  'invoice number anonymized': 'your invoice number',
  'bill number anonymized': 'your invoice number',
};

/** Intents to offer next from each intent, by what a customer in that situation usually asks about. */
const RELATED: Record<string, string[]> = {
  cancel_order: ['check_cancellation_fee', 'track_refund', 'contact_human_agent'],
  change_order: ['track_order', 'cancel_order', 'change_shipping_address'],
  place_order: ['check_payment_methods', 'delivery_options', 'track_order'],
  track_order: ['delivery_period', 'change_shipping_address', 'contact_human_agent'],
  create_account: ['registration_problems', 'newsletter_subscription'],
  delete_account: ['cancel_order', 'newsletter_subscription', 'contact_human_agent'],
  edit_account: ['recover_password', 'switch_account', 'change_shipping_address'],
  recover_password: ['registration_problems', 'edit_account', 'contact_human_agent'],
  registration_problems: ['create_account', 'recover_password', 'contact_human_agent'],
  switch_account: ['edit_account', 'recover_password'],
  check_cancellation_fee: ['cancel_order', 'check_refund_policy'],
  contact_customer_service: ['contact_human_agent', 'complaint'],
  contact_human_agent: ['contact_customer_service', 'complaint'],
  delivery_options: ['delivery_period', 'set_up_shipping_address', 'track_order'],
  delivery_period: ['track_order', 'delivery_options'],
  complaint: ['contact_human_agent', 'get_refund', 'review'],
  review: ['complaint', 'contact_customer_service'],
  check_invoice: ['get_invoice', 'payment_issue'],
  get_invoice: ['check_invoice', 'payment_issue'],
  newsletter_subscription: ['edit_account', 'contact_customer_service'],
  check_payment_methods: ['payment_issue', 'place_order'],
  payment_issue: ['check_payment_methods', 'check_invoice', 'contact_human_agent'],
  check_refund_policy: ['get_refund', 'track_refund'],
  get_refund: ['track_refund', 'check_refund_policy', 'contact_human_agent'],
  track_refund: ['get_refund', 'contact_human_agent'],
  change_shipping_address: ['set_up_shipping_address', 'track_order'],
  set_up_shipping_address: ['change_shipping_address', 'delivery_options'],
};

/** How each intent is named on buttons and in clarifying questions; at most 80 characters (a quick-reply label). */
const DISPLAY_NAMES: Record<string, string> = {
  cancel_order: 'Cancel an order',
  change_order: 'Change an order',
  place_order: 'Place an order',
  track_order: 'Track an order',
  create_account: 'Create an account',
  delete_account: 'Delete my account',
  edit_account: 'Edit my account',
  recover_password: 'Recover my password',
  registration_problems: 'Problems signing up',
  switch_account: 'Switch accounts',
  check_cancellation_fee: 'Cancellation fees',
  contact_customer_service: 'Contact customer service',
  contact_human_agent: 'Talk to a person',
  delivery_options: 'Delivery options',
  delivery_period: 'Delivery times',
  complaint: 'Make a complaint',
  review: 'Leave a review',
  check_invoice: 'Check an invoice',
  get_invoice: 'Get an invoice',
  newsletter_subscription: 'Newsletter subscription',
  check_payment_methods: 'Payment methods',
  payment_issue: 'A payment problem',
  check_refund_policy: 'Refund policy',
  get_refund: 'Get a refund',
  track_refund: 'Track a refund',
  change_shipping_address: 'Change shipping address',
  set_up_shipping_address: 'Add a shipping address',
};

// Most slots are `{{Name}}`; a few responses use `[Name]` instead.
const PLACEHOLDER = /\{\{([^{}]*)\}\}|\[([A-Z][^[\]\n]{0,60})\]/g;

/**
 * The response with its slots filled, or undefined when a slot has no safe wording: an anonymised value, a
 * number, or a lower-case phrase that is an instruction to the template's author rather than a UI name.
 */
export function fillPlaceholders(response: string): string | undefined {
  let usable = true;
  const text = response.replace(PLACEHOLDER, (_slot, braced: string | undefined, bracketed: string | undefined) => {
    const name = (braced ?? bracketed ?? '').trim();
    const neutral = NEUTRAL_WORDING[name.toLowerCase()];
    if (neutral !== undefined) return neutral;
    // What is left are names of buttons and pages ("Order History"), which read well without the braces.
    if (/anonymi[sz]ed|\d|["/]/i.test(name) || !/^[A-Z][A-Za-z]*( [A-Za-z]+){0,3}$/.test(name)) usable = false;
    return name;
  });
  // "our {{Website Name}}" becomes "our our website": keep one determiner.
  return usable ? text.replace(/\b(our|your|the) (our|your) /gi, '$2 ') : undefined;
}

/** Filled slots can repeat their surroundings ("Visit our website at our website"). */
const READS_BADLY = /\b(our [a-z ]{3,40}?) at \1\b/i;

// A bot cannot act on details it asks for, so a response that asks for them leaves the customer stuck.
const ASKS_FOR_DETAILS =
  /\b(could|can|would) you (please |kindly )?(provide|share|tell|specify|let me know)|\bprovide (me|us) with|\bplease (provide|share|specify)/i;
const HAS_STEPS = /^1\. /m;

/** Lower is better: generic requests (their answers suit everyone) with step-by-step help that asks for nothing. */
const penalty = (row: BitextRow) =>
  (row.entity_type ? 4 : 0) + (ASKS_FOR_DETAILS.test(row.response) ? 2 : 0) + (HAS_STEPS.test(row.response) ? 0 : 1);

function chooseResponse(rows: BitextRow[]): string {
  const candidates = rows
    // A response that repeats the customer's own order id, amount or plan would show it to every later customer.
    .filter((row) => !row.entity_value || !row.response.toLowerCase().includes(row.entity_value.toLowerCase()))
    .map((row) => ({ text: fillPlaceholders(row.response.trim()), penalty: penalty(row) }))
    .filter(
      (c): c is { text: string; penalty: number } =>
        c.text !== undefined && !/\d{3,}|\$\s?\d/.test(c.text) && !READS_BADLY.test(c.text) && c.text.length <= MAX_ANSWER_LENGTH,
    );
  if (candidates.length === 0) throw new Error(`intent ${rows[0]?.intent}: no response without unfillable placeholders`);
  const preferred = candidates.filter((c) => c.text.length >= MIN_PREFERRED_LENGTH && c.text.length <= MAX_PREFERRED_LENGTH);
  const pool = preferred.length > 0 ? preferred : candidates;
  // Ties go to the shorter response, then to CSV order (the sort is stable).
  return [...pool].sort((a, b) => a.penalty - b.penalty || a.text.length - b.text.length)[0]!.text;
}

export function buildAnswers(csv: string): { answers: Record<string, Answer>; intentDisplayNames: Record<string, string> } {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as BitextRow[];
  const byIntent = new Map<string, BitextRow[]>();
  for (const row of rows) byIntent.set(row.intent, [...(byIntent.get(row.intent) ?? []), row]);

  const intents = [...byIntent.keys()].sort();
  const missing = intents.filter((intent) => !RELATED[intent] || !DISPLAY_NAMES[intent]);
  if (missing.length > 0) throw new Error(`no quick replies or display name for: ${missing.join(', ')}`);

  const answers: Record<string, Answer> = {};
  for (const intent of intents) {
    answers[intent] = {
      text: chooseResponse(byIntent.get(intent)!),
      quickReplies: RELATED[intent]!.map((value) => ({ label: DISPLAY_NAMES[value]!, value })),
    };
  }
  const intentDisplayNames = Object.fromEntries(intents.map((intent) => [intent, DISPLAY_NAMES[intent]!]));
  return { answers, intentDisplayNames };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [csvPath, outPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'answers.json')] = process.argv.slice(2);
  if (!csvPath) {
    console.error('usage: build-answers.ts <bitext_with_responses.csv> [out.json]');
    process.exit(2);
  }
  const built = buildAnswers(readFileSync(csvPath, 'utf8'));
  writeFileSync(outPath, `${JSON.stringify(built, null, 2)}\n`);
  console.log(`${outPath}: ${Object.keys(built.answers).length} intents`);
}
