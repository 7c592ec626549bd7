import { useEffect, useRef } from 'react';
import { appCommands, CORE_VIEWS, focusFilter } from './app/app-commands';
import { extensions } from './app/extensions';
import { nav, useNav } from './app/navigation';
import { focusContext, matchShortcut, shortcut } from './app/shortcuts';
import { THEME_CHOICES, theme, useTheme, type ThemeChoice } from './app/theme';
import { useDesktopMenu } from './app/use-desktop-menu';
import { useConnectionState } from './api/hooks';
import { DarkThemeIcon, IconDefaults, KeyboardIcon, LightThemeIcon, PaletteIcon, SystemThemeIcon } from './components/icons';
import { NotificationCentre, Toasts } from './components/notifications';
import { Palette, palette } from './components/palette/Palette';
import { ShortcutsHelp, shortcutsHelp } from './components/palette/ShortcutsHelp';
import { ContainersView } from './features/containers/ContainersView';
import { EngineDownBanner, EngineStatusBar } from './features/engine/EngineStatus';

const THEME_LABEL: Record<ThemeChoice, string> = { light: 'Light', dark: 'Dark', system: 'System' };
const THEME_ICON = { light: LightThemeIcon, dark: DarkThemeIcon, system: SystemThemeIcon } as const;

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const id = matchShortcut(e, focusContext(e.target));
      if (!id) return;
      // Another modal dialog owns the keyboard; only the palette may toggle over itself.
      const modal = document.querySelector('dialog[open]');
      if (modal && !(id === 'palette' && modal.classList.contains('palette'))) return;
      e.preventDefault();
      if (id === 'palette') palette.toggle();
      else if (id === 'filter') focusFilter();
      else shortcutsHelp.open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function ThemePicker() {
  const current = useTheme();
  const Icon = THEME_ICON[current];
  return (
    <label className="theme-picker" title="Theme">
      <Icon />
      <select aria-label="Theme" value={current} onChange={(e) => theme.set(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((t) => (
          <option key={t} value={t}>
            {THEME_LABEL[t]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  const { view } = useNav();
  const conn = useConnectionState();
  // Views load what they show when they mount; a reload can land on any of them (its address), so
  // none mounts before the first connection, or its first calls would fail "not connected".
  const connectedOnce = useRef(false);
  if (conn === 'connected') connectedOnce.current = true;
  useShortcuts();
  useDesktopMenu();
  const views = [{ ...CORE_VIEWS[0]!, render: () => <ContainersView /> }, ...extensions.views];
  const current = views.find((v) => v.id === view) ?? views[0]!;
  const paletteKeys = shortcut('palette');
  const helpKeys = shortcut('help');

  if (conn === 'unauthorized') {
    return (
      <main className="center-message" role="alert">
        <h1>Berth</h1>
        <p>This page is not authorised. Open the URL that <code>npm run serve</code> printed (it carries the access token).</p>
      </main>
    );
  }

  return (
    <IconDefaults size={16}>
      <div className="app">
        <header className="topbar">
          <h1 className="brand">Berth</h1>
          <nav aria-label="Views" className="views">
            {views.map((v) => (
              <button
                key={v.id}
                type="button"
                aria-current={v.id === current.id ? 'page' : undefined}
                onClick={() => nav.showView(v.id)}
              >
                {v.label}
              </button>
            ))}
          </nav>
          <div className="toolbar-actions">
            {extensions.toolbarActions.map((a) => (
              <button key={a.id} type="button" className="primary" onClick={() => a.run()}>
                {a.label}
              </button>
            ))}
          </div>
          <div className="shell-actions">
            <button
              type="button"
              className="icon-button"
              aria-label="Command palette"
              aria-keyshortcuts={paletteKeys.aria}
              title={`Command palette (${paletteKeys.keys})`}
              onClick={() => palette.open()}
            >
              <PaletteIcon />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Keyboard shortcuts"
              aria-keyshortcuts={helpKeys.aria}
              title={`Keyboard shortcuts (${helpKeys.keys})`}
              onClick={() => shortcutsHelp.open()}
            >
              <KeyboardIcon />
            </button>
            <ThemePicker />
            <NotificationCentre />
          </div>
        </header>
        {conn === 'reconnecting' && (
          <div className="banner" role="alert">
            Lost the connection to Berth’s services — reconnecting…
          </div>
        )}
        <EngineDownBanner />
        <main className="view">{connectedOnce.current ? current.render() : <p className="empty">Connecting to Berth…</p>}</main>
        <Toasts />
        <EngineStatusBar />
        <Palette commands={appCommands} />
        <ShortcutsHelp />
        {extensions.overlays.map((o) => (
          <div key={o.id}>{o.render()}</div>
        ))}
      </div>
    </IconDefaults>
  );
}
