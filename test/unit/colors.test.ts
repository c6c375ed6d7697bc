import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorEnabled, colors } from '../../src/output/colors.js';

test('colour only on a TTY in auto mode, NO_COLOR and FORCE_COLOR honoured, flag wins', () => {
  assert.equal(colorEnabled('auto', true, {}), true);
  assert.equal(colorEnabled('auto', false, {}), false);
  assert.equal(colorEnabled('auto', true, { NO_COLOR: '1' }), false);
  assert.equal(colorEnabled('auto', false, { FORCE_COLOR: '1' }), true);
  assert.equal(colorEnabled('always', false, { NO_COLOR: '1' }), true);
  assert.equal(colorEnabled('never', true, { FORCE_COLOR: '1' }), false);
});

test('the same value always gets the same colour; disabled colours add nothing', () => {
  const a = colors(true).of('frontend-1')('frontend-1');
  assert.equal(colors(true).of('frontend-1')('frontend-1'), a);
  assert.ok(a.startsWith('\u001b[') && a.endsWith('frontend-1\u001b[39m'), JSON.stringify(a));
  assert.equal(colors(false).of('frontend-1')('frontend-1'), 'frontend-1');
});
