import { describe, expect, it } from 'vitest';
import { DEFAULT_PANE_WIDTH, MIN_LIST_WIDTH, MIN_PANE_WIDTH, clampPaneWidth, isPaneWidth, maxPaneWidth, widthForDrag, widthForKey } from './pane-width';

describe('details pane width', () => {
  it('keeps the pane between its minimum and what leaves the list its room', () => {
    expect(clampPaneWidth(100, 1280)).toBe(MIN_PANE_WIDTH);
    expect(clampPaneWidth(5000, 1280)).toBe(1280 - MIN_LIST_WIDTH);
    expect(clampPaneWidth(600.4, 1280)).toBe(600);
    expect(clampPaneWidth(Number.NaN, 1280)).toBe(DEFAULT_PANE_WIDTH);
  });

  it('a window too narrow for both still gets a usable pane', () => {
    expect(maxPaneWidth(400)).toBe(MIN_PANE_WIDTH);
    expect(clampPaneWidth(900, 400)).toBe(MIN_PANE_WIDTH);
  });

  it('arrow keys move the left-edge handle: left widens, right narrows, Shift takes bigger steps', () => {
    expect(widthForKey('ArrowLeft', false, 480, 1280)).toBe(496);
    expect(widthForKey('ArrowRight', false, 480, 1280)).toBe(464);
    expect(widthForKey('ArrowLeft', true, 480, 1280)).toBe(560);
    expect(widthForKey('ArrowRight', false, MIN_PANE_WIDTH, 1280)).toBe(MIN_PANE_WIDTH);
    expect(widthForKey('Home', false, 700, 1280)).toBe(MIN_PANE_WIDTH);
    expect(widthForKey('End', false, 480, 1920)).toBe(1920 - MIN_LIST_WIDTH);
    expect(widthForKey('Enter', false, 480, 1280)).toBeUndefined();
  });

  it('dragging left by 100 px widens by 100 px, within bounds', () => {
    expect(widthForDrag(480, 800, 700, 1280)).toBe(580);
    expect(widthForDrag(480, 800, 0, 1280)).toBe(1280 - MIN_LIST_WIDTH);
    expect(widthForDrag(480, 800, 1270, 1280)).toBe(MIN_PANE_WIDTH);
  });

  it('accepts only sane stored widths', () => {
    for (const v of [null, '480', -1, Number.POSITIVE_INFINITY, Number.NaN, 1e9, {}]) expect(isPaneWidth(v), String(v)).toBe(false);
    expect(isPaneWidth(512)).toBe(true);
  });
});
