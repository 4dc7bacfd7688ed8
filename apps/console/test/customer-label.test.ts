import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerLabel } from '../src/inbox/customer-label.ts';

const visitorId = '3fa2c1d4-0000-4000-8000-000000000000';

describe('customerLabel', () => {
  it('prefers the name a channel gave', () => {
    assert.equal(customerLabel({ visitorId, name: 'Ana Ruiz', channel: 'telegram' }), 'Ana Ruiz');
  });

  it('tells anonymous customers apart by channel and a short id', () => {
    assert.equal(customerLabel({ visitorId, name: null, channel: 'web' }), 'Visitor 3fa2c1');
    assert.equal(customerLabel({ visitorId, name: null, channel: 'telegram' }), 'Telegram 3fa2c1');
    assert.equal(customerLabel({ visitorId, name: null, channel: 'sms' }), 'sms 3fa2c1');
  });

  it('is absent when the server sends no customer', () => {
    assert.equal(customerLabel(undefined), null);
  });
});
