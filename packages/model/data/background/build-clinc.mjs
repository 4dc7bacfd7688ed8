#!/usr/bin/env node
// Builds Parley's English background (out-of-scope) negatives from CLINC150.
//
// Usage: node build-clinc.mjs <path-to-clinc150-dir> [out-dir]
//
// <path-to-clinc150-dir> holds train.jsonl and dev.jsonl with lines {"text","label"}
// (CLINC150 "Full" setting, out-of-scope examples labelled "oos"). out-dir defaults to
// the folder of this script. Writes:
//   clinc150.en.jsonl        from the train split: up to 12 per kept intent + 100 oos
//   clinc150-probe.en.jsonl  from the dev split:   up to 5 per kept intent + 50 oos
// Every line is {"text","label":"oos","source":"clinc150/<intent>"}. The selection is
// deterministic (seeded shuffle); examples that mention shop/support topics are dropped, and the probe
// file shares no text (nor a near-duplicate of one of the same intent) with the training file.
// Plain Node (>= 18), no dependencies.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TRAIN_PER_INTENT = 12;
const TRAIN_OOS = 100;
const PROBE_PER_INTENT = 5;
const PROBE_OOS = 50;
const SEED = 20190508;

// CLINC150 domains (data/domains.json of clinc/oos-eval, commit 828f809).
const DOMAINS = {
  banking: [
    'freeze_account',
    'routing',
    'pin_change',
    'bill_due',
    'pay_bill',
    'account_blocked',
    'interest_rate',
    'min_payment',
    'bill_balance',
    'transfer',
    'order_checks',
    'balance',
    'spending_history',
    'transactions',
    'report_fraud',
  ],
  credit_cards: [
    'replacement_card_duration',
    'expiration_date',
    'damaged_card',
    'improve_credit_score',
    'report_lost_card',
    'card_declined',
    'credit_limit_change',
    'apr',
    'redeem_rewards',
    'credit_limit',
    'rewards_balance',
    'application_status',
    'credit_score',
    'new_card',
    'international_fees',
  ],
  kitchen_and_dining: [
    'food_last',
    'confirm_reservation',
    'how_busy',
    'ingredients_list',
    'calories',
    'nutrition_info',
    'recipe',
    'restaurant_reviews',
    'restaurant_reservation',
    'meal_suggestion',
    'restaurant_suggestion',
    'cancel_reservation',
    'ingredient_substitution',
    'cook_time',
    'accept_reservations',
  ],
  home: [
    'what_song',
    'play_music',
    'todo_list_update',
    'reminder',
    'reminder_update',
    'calendar_update',
    'order_status',
    'update_playlist',
    'shopping_list',
    'calendar',
    'next_song',
    'order',
    'todo_list',
    'shopping_list_update',
    'smart_home',
  ],
  auto_and_commute: [
    'current_location',
    'oil_change_when',
    'oil_change_how',
    'uber',
    'traffic',
    'tire_pressure',
    'schedule_maintenance',
    'gas',
    'mpg',
    'distance',
    'directions',
    'last_maintenance',
    'gas_type',
    'tire_change',
    'jump_start',
  ],
  travel: [
    'plug_type',
    'travel_notification',
    'translate',
    'flight_status',
    'international_visa',
    'timezone',
    'exchange_rate',
    'travel_suggestion',
    'travel_alert',
    'vaccines',
    'lost_luggage',
    'book_flight',
    'book_hotel',
    'carry_on',
    'car_rental',
  ],
  utility: [
    'weather',
    'alarm',
    'date',
    'find_phone',
    'share_location',
    'timer',
    'make_call',
    'calculator',
    'definition',
    'measurement_conversion',
    'flip_coin',
    'spelling',
    'time',
    'roll_dice',
    'text',
  ],
  work: [
    'pto_request_status',
    'next_holiday',
    'insurance_change',
    'insurance',
    'meeting_schedule',
    'payday',
    'taxes',
    'income',
    'rollover_401k',
    'pto_balance',
    'pto_request',
    'w2',
    'schedule_meeting',
    'direct_deposit',
    'pto_used',
  ],
  small_talk: [
    'who_made_you',
    'meaning_of_life',
    'who_do_you_work_for',
    'do_you_have_pets',
    'what_are_your_hobbies',
    'fun_fact',
    'what_is_your_name',
    'where_are_you_from',
    'goodbye',
    'thank_you',
    'greeting',
    'tell_joke',
    'are_you_a_bot',
    'how_old_are_you',
    'what_can_i_ask_you',
  ],
  meta: [
    'change_speed',
    'user_name',
    'whisper_mode',
    'yes',
    'change_volume',
    'no',
    'change_language',
    'repeat',
    'change_accent',
    'cancel',
    'sync_device',
    'change_user_name',
    'change_ai_name',
    'reset_settings',
    'maybe',
  ],
};

// Intents kept as background: things a web shop's (or most customer-service) bots do not own.
// Every other CLINC intent is excluded; the reasons are listed in README.md.
const KEPT = new Set([
  // kitchen_and_dining
  'food_last',
  'ingredients_list',
  'calories',
  'nutrition_info',
  'recipe',
  'meal_suggestion',
  'restaurant_suggestion',
  'ingredient_substitution',
  'cook_time',
  // home
  'what_song',
  'play_music',
  'todo_list_update',
  'reminder',
  'reminder_update',
  'calendar_update',
  'update_playlist',
  'calendar',
  'next_song',
  'todo_list',
  'smart_home',
  // auto_and_commute
  'current_location',
  'oil_change_when',
  'oil_change_how',
  'traffic',
  'tire_pressure',
  'gas',
  'mpg',
  'distance',
  'directions',
  'gas_type',
  'tire_change',
  'jump_start',
  // travel
  'plug_type',
  'translate',
  'international_visa',
  'timezone',
  'exchange_rate',
  'travel_suggestion',
  'travel_alert',
  'vaccines',
  // utility
  'weather',
  'alarm',
  'date',
  'find_phone',
  'share_location',
  'timer',
  'calculator',
  'definition',
  'measurement_conversion',
  'flip_coin',
  'spelling',
  'time',
  'roll_dice',
  // work
  'next_holiday',
  'meeting_schedule',
]);

// Examples (of kept intents and of oos) that mention anything a shop/support bot could own are
// dropped. Matched case-insensitively at the start of a word ("pay" also drops "payment", "paypal").
const BLOCKED = new RegExp(
  '\\b(' +
    [
      'order',
      'refund',
      'invoice',
      'deliver',
      'ship',
      'account',
      'password',
      'pay',
      'card',
      'subscri',
      'unsubscri',
      'cancel',
      'bill',
      'bank',
      'credit',
      'debit',
      'loan',
      'mortgage',
      'overdraft',
      'cash',
      'money',
      'wire',
      'transfer',
      'balance',
      'fee',
      'charge',
      'price',
      'cost',
      'deal',
      'discount',
      'coupon',
      'voucher',
      'promo',
      'buy',
      'bought',
      'purchas',
      'sell',
      'sold',
      'shop',
      'store',
      'cart',
      'checkout',
      'return',
      'receipt',
      'package',
      'parcel',
      'track',
      'warranty',
      'product',
      'amazon',
      'customer',
      'service',
      'support',
      'agent',
      'representative',
      'human',
      'real person',
      'operator',
      'contact',
      'complain',
      'speak to',
      'talk to',
      'call me',
      'login',
      'log in',
      'sign in',
      'sign up',
      'signup',
      'register',
      'registr',
      'username',
      'user name',
      'email',
      'e-mail',
      'address',
      'newsletter',
      'review',
    ].join('|') +
    ')',
  'i',
);

function fail(message) {
  console.error(`build-clinc: ${message}`);
  process.exit(1);
}

// mulberry32: small deterministic PRNG.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function shuffled(items, seed) {
  const out = items.slice();
  const next = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Key for exact duplicates: lowercase letters and digits only.
function key(text) {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

// Near-duplicates (CLINC's crowd paraphrases often differ by one letter or word): Jaccard similarity of
// character bigrams of the key, compared with everything already picked for the same intent.
const NEAR_DUPLICATE = 0.7;

function bigrams(k) {
  const out = new Set();
  for (let i = 0; i < k.length - 1; i++) out.add(k.slice(i, i + 2));
  if (out.size === 0) out.add(k);
  return out;
}

function similarity(a, b) {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return shared / (a.size + b.size - shared);
}

function readSplit(path) {
  if (!existsSync(path)) fail(`missing ${path}`);
  const byLabel = new Map();
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let row;
    try {
      row = JSON.parse(line);
    } catch {
      fail(`${path}:${index + 1}: not JSON`);
    }
    if (typeof row.text !== 'string' || typeof row.label !== 'string') {
      fail(`${path}:${index + 1}: expected {"text","label"}`);
    }
    if (!byLabel.has(row.label)) byLabel.set(row.label, []);
    byLabel.get(row.label).push(row.text.trim().replace(/\s+/g, ' '));
  });
  return byLabel;
}

// taken: keys already used (any intent); near: label -> bigram sets already used for that label.
function pick(byLabel, perIntent, oosCount, splitName, taken, near) {
  const rows = [];
  const labels = [...KEPT].sort().concat(['oos']);
  for (const label of labels) {
    const texts = byLabel.get(label);
    if (!texts) fail(`${splitName}: no examples for "${label}"`);
    const want = label === 'oos' ? oosCount : perIntent;
    let got = 0;
    for (const text of shuffled(texts, SEED ^ hash(`${splitName}/${label}`))) {
      if (got === want) break;
      if (!text || BLOCKED.test(text)) continue;
      const k = key(text);
      if (!k || taken.has(k)) continue;
      const grams = bigrams(k);
      if (!near.has(label)) near.set(label, []);
      if (near.get(label).some((other) => similarity(grams, other) >= NEAR_DUPLICATE)) continue;
      near.get(label).push(grams);
      taken.add(k);
      rows.push({ text, label: 'oos', source: `clinc150/${label}` });
      got++;
    }
    if (got < want) console.warn(`build-clinc: ${splitName}/${label}: only ${got} of ${want} usable`);
  }
  return rows;
}

function write(path, rows) {
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  console.log(`wrote ${rows.length} lines to ${path}`);
}

const [clincDir, outArg] = process.argv.slice(2);
if (!clincDir) fail('usage: node build-clinc.mjs <path-to-clinc150-dir> [out-dir]');
const outDir = resolve(outArg ?? dirname(fileURLToPath(import.meta.url)));

// Sanity checks: the embedded domain map covers 150 distinct intents, agrees with
// original/domains.json where that file exists, and every kept intent is one of them.
const allIntents = Object.values(DOMAINS).flat();
if (new Set(allIntents).size !== 150) fail('domain map does not list 150 distinct intents');
const domainsFile = join(clincDir, 'original', 'domains.json');
if (existsSync(domainsFile)) {
  const theirs = JSON.parse(readFileSync(domainsFile, 'utf8'));
  for (const [domain, intents] of Object.entries(DOMAINS)) {
    const a = [...intents].sort().join(',');
    const b = [...(theirs[domain] ?? [])].sort().join(',');
    if (a !== b) fail(`domain "${domain}" differs from ${domainsFile}`);
  }
}
for (const intent of KEPT) if (!allIntents.includes(intent)) fail(`unknown kept intent "${intent}"`);

const train = readSplit(join(clincDir, 'train.jsonl'));
const dev = readSplit(join(clincDir, 'dev.jsonl'));
for (const label of [...train.keys(), ...dev.keys()]) {
  if (label !== 'oos' && !allIntents.includes(label)) fail(`label "${label}" is not in the domain map`);
}

const taken = new Set();
const near = new Map();
const trainRows = pick(train, TRAIN_PER_INTENT, TRAIN_OOS, 'train', taken, near);
const probeRows = pick(dev, PROBE_PER_INTENT, PROBE_OOS, 'dev', taken, near);

write(join(outDir, 'clinc150.en.jsonl'), trainRows);
write(join(outDir, 'clinc150-probe.en.jsonl'), probeRows);
console.log(`kept ${KEPT.size} of ${allIntents.length} intents (+ oos)`);
