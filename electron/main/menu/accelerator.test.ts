import { describe, expect, it } from 'vitest';
import { toAccelerator } from './accelerator';

describe('toAccelerator', () => {
  it('turns Ctrl and Cmd into CmdOrCtrl', () => {
    expect(toAccelerator('Ctrl+K')).toEqual({ accelerator: 'CmdOrCtrl+K', modified: true });
    expect(toAccelerator('Cmd+K')).toEqual({ accelerator: 'CmdOrCtrl+K', modified: true });
    expect(toAccelerator('ctrl+k')).toEqual({ accelerator: 'CmdOrCtrl+K', modified: true });
  });

  it('orders modifiers the one way Electron documents', () => {
    expect(toAccelerator('Shift+Ctrl+P')?.accelerator).toBe('CmdOrCtrl+Shift+P');
    expect(toAccelerator('Shift + Alt + Ctrl + F5')?.accelerator).toBe('CmdOrCtrl+Alt+Shift+F5');
    expect(toAccelerator('Option+N')).toEqual({ accelerator: 'Alt+N', modified: true });
  });

  it('knows bare keys and says they carry no modifier', () => {
    expect(toAccelerator('/')).toEqual({ accelerator: '/', modified: false });
    expect(toAccelerator('?')).toEqual({ accelerator: '?', modified: false });
    expect(toAccelerator('Shift+?')).toEqual({ accelerator: 'Shift+?', modified: false });
    expect(toAccelerator('Esc')).toEqual({ accelerator: 'Escape', modified: false });
    expect(toAccelerator('F12')).toEqual({ accelerator: 'F12', modified: false });
  });

  it('spells the plus key Plus', () => {
    expect(toAccelerator('Ctrl++')?.accelerator).toBe('CmdOrCtrl+Plus');
    expect(toAccelerator('+')?.accelerator).toBe('Plus');
  });

  it('refuses what names no key, an unknown modifier or a modifier twice', () => {
    for (const bad of ['', 'Ctrl+', 'Ctrl', 'Hyper+K', 'Ctrl+Cmd+K', 'Ctrl+KK', 'F25', 'Ctrl+é', 'Ctrl+\n']) {
      expect(toAccelerator(bad), bad).toBeUndefined();
    }
  });
});
