import { describe, expect, it, vi } from 'vitest';
import type { ContainerRow } from '../../../shared/contract/containers';
import { buildCommands, MAX_CONTAINER_COMMANDS, type CommandContext } from './commands';

const row = (id: string, name: string): ContainerRow => ({ id, name, image: 'busybox', state: 'running' }) as unknown as ContainerRow;

function ctx(over: Partial<CommandContext> = {}): CommandContext {
  return {
    views: [
      { id: 'containers', label: 'Containers' },
      { id: 'terminals', label: 'Terminals' },
    ],
    currentView: 'containers',
    actions: [{ id: 'create.new', label: 'New container', run: vi.fn() }],
    containers: [row('a1', 'web'), row('b2', 'db')],
    selected: undefined,
    containerActions: (r) => [{ id: 'stop', label: 'Stop', run: () => stopped.push(r.name) }],
    showView: vi.fn(),
    openDetails: vi.fn(),
    setTheme: vi.fn(),
    openShortcuts: vi.fn(),
    openCentre: vi.fn(),
    focusFilter: vi.fn(),
    newTerminal: vi.fn(),
    ...over,
  };
}
let stopped: string[] = [];

describe('the command list', () => {
  it('reaches every view, action and container, each id once', () => {
    const c = ctx();
    const list = buildCommands(c);
    const titles = list.map((x) => x.title);
    expect(titles).toEqual(expect.arrayContaining(['Go to Containers', 'Go to Terminals', 'New container', 'Open web', 'Open db', 'Dark theme']));
    expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    list.find((x) => x.title === 'Open db')!.run();
    expect(c.openDetails).toHaveBeenCalledWith('b2');
    list.find((x) => x.title === 'Go to Terminals')!.run();
    expect(c.showView).toHaveBeenCalledWith('terminals');
  });

  it('offers the selected container’s actions by its name', () => {
    stopped = [];
    const list = buildCommands(ctx({ selected: row('a1', 'web') }));
    const stop = list.find((x) => x.group === 'Selected container');
    expect(stop?.title).toBe('Stop web');
    stop!.run();
    expect(stopped).toEqual(['web']);
    expect(buildCommands(ctx()).some((x) => x.group === 'Selected container')).toBe(false);
  });

  it('opens a new terminal from the palette, found by its words', () => {
    const c = ctx();
    const cmd = buildCommands(c).find((x) => x.title === 'New terminal');
    expect(cmd?.group).toBe('Actions');
    expect(cmd?.keywords).toEqual(expect.arrayContaining(['shell', 'exec']));
    cmd!.run();
    expect(c.newTerminal).toHaveBeenCalledOnce();
  });

  it('shows the shortcuts of commands that have one', () => {
    const list = buildCommands(ctx());
    expect(list.find((x) => x.id === 'help.shortcuts')?.shortcut).toBe('?');
    expect(list.find((x) => x.id === 'action.filter')?.shortcut).toBe('/');
  });

  it('bounds the containers it lists', () => {
    const many = Array.from({ length: MAX_CONTAINER_COMMANDS + 50 }, (_, i) => row(`id${i}`, `c${i}`));
    expect(buildCommands(ctx({ containers: many })).filter((x) => x.group === 'Containers')).toHaveLength(MAX_CONTAINER_COMMANDS);
  });
});
