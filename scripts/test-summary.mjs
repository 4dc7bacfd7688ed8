// Sums the node:test summaries of every workspace in a test log into one closing line for CI.
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2] ?? 0, 'utf8');
const total = (name) => [...log.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
console.log(`tests: ${total('pass')} passed, ${total('fail')} failed, ${total('skipped')} skipped`);
