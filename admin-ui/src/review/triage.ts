/**
 * Keyboard triage, as pure functions the screens call from one keydown listener each (unit-tested in
 * triage.test.ts). Keys never fire while the focus is in a text field, or with Ctrl, Meta or Alt held, so typing a
 * note or a browser shortcut is never taken for a command.
 *
 * Queue: j / k move the focus down / up the list, Enter opens (the row is a link), / focuses the search, ? shows help.
 * Item: j / k open the next / previous item of the queue, u (or Escape) goes back to it, n focuses the note, a
 * transition's letter focuses its button (Enter then takes the step: a decision is never one stray key away), and
 * when scoring: digits score the current criterion, ← / → change criterion, s submits the score.
 */

export type QueueCommand = 'next' | 'previous' | 'search' | 'help';

export type ItemCommand =
  | { kind: 'next' | 'previous' | 'back' | 'note' | 'help' | 'submit-score' }
  | { kind: 'transition'; to: string }
  | { kind: 'digit'; digit: number }
  | { kind: 'criterion'; by: 1 | -1 };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
}

/** Letters the item screen uses itself; transitions get other ones. */
const RESERVED = new Set(['j', 'k', 'u', 'n', 's', 'h', 'l']);

/** Whether the key goes to a text field (or a select): then it is typing, not a command. */
export function isTyping(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || element.isContentEditable) return true;
  if (tag !== 'input') return false;
  const type = (element.getAttribute('type') ?? 'text').toLowerCase();
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

function ignored(press: KeyPress): boolean {
  return !!(press.ctrlKey || press.metaKey || press.altKey) || isTyping(press.target);
}

export function queueCommand(press: KeyPress): QueueCommand | null {
  if (ignored(press)) return null;
  switch (press.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/**
 * A letter per target state, unique and easy to remember: the first letter of a word of the state that is still
 * free (approved → a, rejected → r, in_progress → i, completed → c, reviewing → v after r is taken), else any free
 * letter of its name.
 */
export function transitionKeys(targets: string[]): Record<string, string> {
  const taken = new Set(RESERVED);
  const keys: Record<string, string> = {};
  for (const target of targets) {
    const words = target.toLowerCase().split(/[_\s-]+/).filter(Boolean);
    const candidates = [...words.map((w) => w[0]!), ...target.toLowerCase().replace(/[^a-z]/g, '')];
    const key = candidates.find((c) => !taken.has(c));
    if (key) {
      keys[target] = key;
      taken.add(key);
    }
  }
  return keys;
}

export function itemCommand(press: KeyPress, keys: Record<string, string>, scoring: boolean): ItemCommand | null {
  if (press.key === 'Escape' && !press.ctrlKey && !press.metaKey && !press.altKey) return { kind: 'back' };
  if (ignored(press)) return null;
  switch (press.key) {
    case 'j':
      return { kind: 'next' };
    case 'k':
      return { kind: 'previous' };
    case 'u':
      return { kind: 'back' };
    case 'n':
      return { kind: 'note' };
    case '?':
      return { kind: 'help' };
  }
  if (scoring) {
    if (/^[0-9]$/.test(press.key)) return { kind: 'digit', digit: Number(press.key) };
    if (press.key === 'ArrowRight' || press.key === 'l') return { kind: 'criterion', by: 1 };
    if (press.key === 'ArrowLeft' || press.key === 'h') return { kind: 'criterion', by: -1 };
    if (press.key === 's') return { kind: 'submit-score' };
  }
  const to = Object.entries(keys).find(([, key]) => key === press.key.toLowerCase())?.[0];
  return to ? { kind: 'transition', to } : null;
}

export interface ScoreEntry {
  /** The criterion being scored (index into the criteria). */
  current: number;
  /** Digits typed for the current criterion so far; they can still grow (1 then 0 is 10 on a scale to 10). */
  typed: number | null;
  scores: (number | null)[];
}

/**
 * Applies a digit to the current criterion. A digit extends what was typed when the result still fits the scale
 * (1, 0 → 10 with a maximum of 10), else it starts again. When no further digit could fit, the entry moves on to
 * the next criterion (on a scale to 10: 2..9 and 10 move on at once; 1 waits for a possible 0, → moves on).
 */
export function applyDigit(entry: ScoreEntry, digit: number, maxima: number[]): ScoreEntry {
  const max = maxima[entry.current] ?? 10;
  const extended = entry.typed !== null ? entry.typed * 10 + digit : null;
  const value = extended !== null && extended <= max ? extended : Math.min(digit, max);
  const scores = entry.scores.map((s, i) => (i === entry.current ? value : s));
  const complete = value * 10 > max || value === 0;
  if (!complete) return { current: entry.current, typed: value, scores };
  return { current: Math.min(entry.current + 1, maxima.length - 1), typed: null, scores };
}

export function moveCriterion(entry: ScoreEntry, by: 1 | -1, count: number): ScoreEntry {
  return { ...entry, current: Math.max(0, Math.min(count - 1, entry.current + by)), typed: null };
}

/** The help overlay's lines: key, what it does. */
export const QUEUE_KEYS: [string, string][] = [
  ['j / ↓', 'next item in the queue'],
  ['k / ↑', 'previous item'],
  ['Enter', 'open the item'],
  ['/', 'search'],
  ['?', 'this help'],
];

export const ITEM_KEYS: [string, string][] = [
  ['j / k', 'open the next / previous item of the queue'],
  ['u / Esc', 'back to the queue'],
  ['n', 'write a note for the next step'],
  ['letter on a step', 'focus that step; Enter takes it'],
  ['0–9', 'score the current criterion (accelerator)'],
  ['← / → (h / l)', 'previous / next criterion'],
  ['s', 'submit the score'],
  ['?', 'this help'],
];
