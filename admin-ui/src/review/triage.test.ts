import { describe, expect, it } from 'vitest';
import { applyDigit, isTyping, itemCommand, moveCriterion, queueCommand, transitionKeys, type ScoreEntry } from './triage';

const input = (type = 'text') => {
  const el = document.createElement('input');
  el.setAttribute('type', type);
  return el;
};

describe('queue keys', () => {
  it('moves with j/k and the arrows, searches with /, helps with ?', () => {
    expect(queueCommand({ key: 'j' })).toBe('next');
    expect(queueCommand({ key: 'ArrowDown' })).toBe('next');
    expect(queueCommand({ key: 'k' })).toBe('previous');
    expect(queueCommand({ key: 'ArrowUp' })).toBe('previous');
    expect(queueCommand({ key: '/' })).toBe('search');
    expect(queueCommand({ key: '?' })).toBe('help');
    expect(queueCommand({ key: 'x' })).toBeNull();
  });

  it('leaves typing and browser shortcuts alone', () => {
    expect(queueCommand({ key: 'j', target: input() })).toBeNull();
    expect(queueCommand({ key: 'j', target: document.createElement('textarea') })).toBeNull();
    expect(queueCommand({ key: 'j', ctrlKey: true })).toBeNull();
    expect(queueCommand({ key: 'k', metaKey: true })).toBeNull();
    expect(queueCommand({ key: 'j', target: input('checkbox') })).toBe('next');
    expect(isTyping(document.createElement('select'))).toBe(true);
    expect(isTyping(document.createElement('a'))).toBe(false);
  });
});

describe('transition keys', () => {
  it('gives each target a free first letter, avoiding the screen’s own keys', () => {
    expect(transitionKeys(['approved', 'rejected'])).toEqual({ approved: 'a', rejected: 'r' });
    expect(transitionKeys(['in_progress', 'completed'])).toEqual({ in_progress: 'i', completed: 'c' });
    // r is taken by rejected, so reviewing gets its next free letter; s (submit) and n (note) are never given
    const keys = transitionKeys(['rejected', 'reviewing', 'stalled', 'new']);
    expect(keys.rejected).toBe('r');
    expect(keys.reviewing).toBe('e');
    expect(keys.stalled).not.toBe('s');
    expect(keys.new).not.toBe('n');
    expect(new Set(Object.values(keys)).size).toBe(4);
  });

  it('maps a letter to its transition, case-insensitively, and only outside text fields', () => {
    const keys = { approved: 'a', rejected: 'r' };
    expect(itemCommand({ key: 'a' }, keys, false)).toEqual({ kind: 'transition', to: 'approved' });
    expect(itemCommand({ key: 'R' }, keys, false)).toEqual({ kind: 'transition', to: 'rejected' });
    expect(itemCommand({ key: 'a', target: document.createElement('textarea') }, keys, false)).toBeNull();
    expect(itemCommand({ key: 'Escape', target: document.createElement('textarea') }, keys, false)).toEqual({ kind: 'back' });
    expect(itemCommand({ key: 'j' }, keys, false)).toEqual({ kind: 'next' });
    expect(itemCommand({ key: 'n' }, keys, false)).toEqual({ kind: 'note' });
  });

  it('takes digits and criterion moves only while scoring', () => {
    expect(itemCommand({ key: '7' }, {}, false)).toBeNull();
    expect(itemCommand({ key: '7' }, {}, true)).toEqual({ kind: 'digit', digit: 7 });
    expect(itemCommand({ key: 'ArrowRight' }, {}, true)).toEqual({ kind: 'criterion', by: 1 });
    expect(itemCommand({ key: 'h' }, {}, true)).toEqual({ kind: 'criterion', by: -1 });
    expect(itemCommand({ key: 's' }, {}, true)).toEqual({ kind: 'submit-score' });
    expect(itemCommand({ key: '7', target: input() }, {}, true)).toBeNull();
  });
});

describe('scoring with digits', () => {
  const start: ScoreEntry = { current: 0, typed: null, scores: [null, null, null, null] };
  const tens = [10, 10, 10, 10];

  it('scores and moves on when no further digit fits the scale', () => {
    let e = applyDigit(start, 7, tens);
    expect(e).toEqual({ current: 1, typed: null, scores: [7, null, null, null] });
    e = applyDigit(e, 0, tens);
    expect(e.scores[1]).toBe(0);
    expect(e.current).toBe(2);
  });

  it('reads 1 then 0 as 10, and 1 then → as 1', () => {
    let e = applyDigit(start, 1, tens);
    expect(e).toEqual({ current: 0, typed: 1, scores: [1, null, null, null] });
    e = applyDigit(e, 0, tens);
    expect(e).toEqual({ current: 1, typed: null, scores: [10, null, null, null] });
    e = applyDigit(e, 1, tens);
    e = moveCriterion(e, 1, 4);
    expect(e).toEqual({ current: 2, typed: null, scores: [10, 1, null, null] });
  });

  it('never goes past the scale or the last criterion', () => {
    let e = applyDigit({ ...start, current: 3 }, 9, [10, 10, 10, 5]);
    expect(e.scores[3]).toBe(5);
    expect(e.current).toBe(3);
    e = applyDigit({ current: 0, typed: 1, scores: [1, null, null, null] }, 5, tens); // 15 > 10: starts again
    expect(e.scores[0]).toBe(5);
    expect(moveCriterion(start, -1, 4).current).toBe(0);
  });
});
