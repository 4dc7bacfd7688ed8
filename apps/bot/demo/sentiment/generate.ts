/**
 * Writes train.jsonl, the demo bot's sentiment examples (negative / neutral / positive customer-service messages):
 *
 *   tsx apps/bot/demo/sentiment/generate.ts [out.jsonl]
 *
 * Every phrase below was written for Parley. Each example is a hand-written message, or an opening, a body and a
 * closing drawn from the same label's lists; a seeded generator makes the file the same on every run.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '@parley/model';

type Label = 'negative' | 'neutral' | 'positive';

interface LabelPhrases {
  /** Complete messages, used as they are. */
  whole: string[];
  openings: string[];
  bodies: string[];
  closings: string[];
}

const PHRASES: Record<Label, LabelPhrases> = {
  negative: {
    whole: [
      'This is unacceptable.',
      'Worst customer service I have ever dealt with.',
      'I am absolutely furious right now',
      'you people are useless',
      'Three emails and not a single reply. Pathetic.',
      'I want a refund NOW',
      'Your app crashed again and I lost my whole cart',
      'This is a scam, I will report you',
      'Terrible experience from start to finish',
      'I am done with this company',
      'the quality is awful, it fell apart after one wash',
      'Why is it so hard to get a simple answer from you?',
      'I feel completely ignored',
      'Disgusting service, never again',
      'ugh, still broken. so annoying',
      'I have been lied to twice now',
      'Nobody cares about the customer here',
      'I am really disappointed and angry',
    ],
    openings: [
      '',
      'This is ridiculous.',
      'I am so frustrated.',
      'Unbelievable.',
      'Seriously?',
      'I am really upset.',
      'Honestly, this is a joke.',
      'I am extremely disappointed.',
      'This is the third time I am writing.',
      'I am furious.',
      'What a mess.',
    ],
    bodies: [
      'my order still has not arrived after two weeks',
      'you charged me twice for the same order',
      'the package arrived damaged and nobody will help me',
      'I have been on hold for over an hour',
      'the refund you promised never showed up',
      'your website keeps rejecting my card',
      'I received the wrong item and the return label does not work',
      'the courier left my parcel in the rain',
      'my account was locked for no reason',
      'the tracking number you gave me does not exist',
      'your agent hung up on me',
      'you cancelled my order without telling me',
      'I keep getting charged for a subscription I cancelled',
      'the product stopped working after two days',
      'nobody answers my emails',
      'the delivery was late again',
      'I was promised a call back that never came',
      'your chat bot keeps sending me in circles',
    ],
    closings: [
      '',
      'Worst service ever.',
      'I want my money back.',
      'I am never ordering from you again.',
      'Fix this now.',
      'Absolutely terrible.',
      'This is a disgrace.',
      'I expect a full refund.',
      'I will be leaving a one-star review.',
      'How is this acceptable?',
      'Completely useless.',
    ],
  },
  neutral: {
    whole: [
      'What are your opening hours?',
      'Do you ship to Canada?',
      'How long does delivery usually take?',
      'I would like to update my email address.',
      'Can I pay with PayPal?',
      'Where can I find my invoice?',
      'Is there a fee for cancelling an order?',
      'how do i reset my password',
      'I need to change the delivery address for my order.',
      'Can you tell me the status of my refund?',
      'Do you have this jacket in a medium?',
      'what is your return policy',
      'I placed an order yesterday.',
      'Is it possible to add an item to an existing order?',
      'Which courier do you use?',
      'I want to subscribe to the newsletter.',
      'My order number is on the confirmation email.',
      'Can I pick up my order in store?',
    ],
    openings: ['', 'Hi,', 'Hello,', 'Hi there,', 'Good morning,', 'Quick question:', 'Hey,', 'Excuse me,'],
    bodies: [
      'how do I track my order?',
      'what payment methods do you accept?',
      'can I change my shipping address?',
      'how do I create an account?',
      'where do I download my invoice?',
      'how long do refunds take to process?',
      'can I switch to a different account?',
      'what delivery options are available?',
      'I would like to know if you deliver on weekends.',
      'is it possible to change the size on my order?',
      'I need a copy of my last bill.',
      'how can I contact customer service by phone?',
      'I want to check the cancellation fee.',
      'could you tell me when my parcel will arrive?',
      'I need to update the phone number on my account.',
      'what is the delivery time to Germany?',
      'how do I unsubscribe from your emails?',
      'I would like to speak to someone about my account.',
    ],
    closings: ['', '', 'Just checking.', 'I ordered last Tuesday.', 'Not urgent.', 'Let me know.'],
  },
  positive: {
    whole: [
      'Thank you so much, that solved it!',
      'Great service, really happy with my order',
      'You guys are amazing',
      'Perfect, thanks for the quick help!',
      'The package arrived a day early, love it',
      'Excellent support, very friendly agent',
      'thanks, that was super helpful',
      'I am really pleased with the quality',
      'Wow, that was fast. Thank you!',
      'Best online shop I have used',
      'Everything works now, much appreciated',
      'Thanks for sorting out my refund so quickly',
      'Lovely experience, I will recommend you to my friends',
      'awesome, thank you!!',
      'Brilliant, exactly what I needed',
      'Your team went above and beyond',
      'So happy with this purchase',
      'Thanks a lot, have a great day!',
    ],
    openings: ['', 'Thank you!', 'Thanks so much!', 'Wow!', 'Great news!', 'I just wanted to say thanks.', 'Amazing!', 'Brilliant!'],
    bodies: [
      'my order arrived earlier than expected',
      'your agent solved my problem in minutes',
      'the refund came through really quickly',
      'the new shoes fit perfectly',
      'changing my address was so easy',
      'the support team was incredibly patient with me',
      'the product is even better than the photos',
      'I got my invoice right away',
      'setting up my account took less than a minute',
      'the courier was very friendly and on time',
      'you fixed the payment issue straight away',
      'I love the quality of the jacket',
      'your chat help was clear and friendly',
      'the replacement arrived the next day',
      'the whole ordering process was smooth',
      'you answered all my questions so kindly',
    ],
    closings: [
      '',
      'You guys are great!',
      'Great service!',
      'Will definitely order again.',
      'Have a wonderful day!',
      'Really appreciate it.',
      'Five stars from me.',
      'Keep up the good work!',
      'Very happy customer here.',
    ],
  },
};

export const PER_LABEL = 150;

function compose(phrases: LabelPhrases, random: () => number): string {
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const body = pick(phrases.bodies);
  const opening = pick(phrases.openings);
  // A body after a full sentence starts a sentence; after "Hi," it continues one.
  const sentence = opening === '' || opening.endsWith('.') || opening.endsWith('!') || opening.endsWith('?') || opening.endsWith(':');
  const start = sentence && !opening.endsWith(':') ? body[0]!.toUpperCase() + body.slice(1) : body;
  const closing = pick(phrases.closings);
  const ended = /[.?!]$/.test(start) ? start : `${start}.`;
  let text = [opening, closing === '' && random() < 0.3 ? start : ended, closing].filter(Boolean).join(' ');
  // People type in chat windows: some messages come all lower-case and without the final full stop.
  if (random() < 0.2) text = text.toLowerCase().replace(/\.$/, '');
  return text;
}

export function generateSentiment(seed = 7): Array<{ text: string; label: Label }> {
  const random = seededRandom(seed);
  const examples: Array<{ text: string; label: Label }> = [];
  for (const label of Object.keys(PHRASES) as Label[]) {
    const phrases = PHRASES[label];
    const texts = new Set(phrases.whole);
    for (let attempts = 0; texts.size < PER_LABEL && attempts < 100_000; attempts++) texts.add(compose(phrases, random));
    if (texts.size < PER_LABEL) throw new Error(`only ${texts.size} distinct ${label} examples`);
    examples.push(...[...texts].map((text) => ({ text, label })));
  }
  // Interleaved, so that a reader skimming the file sees every label early.
  for (let i = examples.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [examples[i], examples[j]] = [examples[j]!, examples[i]!];
  }
  return examples;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'train.jsonl');
  const examples = generateSentiment();
  writeFileSync(out, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  console.log(`${out}: ${examples.length} examples`);
}
