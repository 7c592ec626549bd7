import { extensions } from './app/extensions';
import { nav, useNav } from './app/navigation';
import { useConnectionState } from './api/hooks';
import { Notifications } from './components/notifications';
import { ContainersView } from './features/containers/ContainersView';
import { EngineDownBanner, EngineStatusBar } from './features/engine/EngineStatus';

export function App() {
  const { view } = useNav();
  const conn = useConnectionState();
  const views = [{ id: 'containers', label: 'Containers', render: () => <ContainersView /> }, ...extensions.views];
  const current = views.find((v) => v.id === view) ?? views[0]!;

  if (conn === 'unauthorized') {
    return (
      <main className="center-message" role="alert">
        <h1>Berth</h1>
        <p>This page is not authorised. Open the URL that <code>npm run serve</code> printed (it carries the access token).</p>
      </main>
    );
  }

  return (
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
      </header>
      {conn === 'reconnecting' && (
        <div className="banner" role="alert">
          Lost the connection to Berth’s services — reconnecting…
        </div>
      )}
      <EngineDownBanner />
      <main className="view">{current.render()}</main>
      <EngineStatusBar />
      <Notifications />
      {extensions.overlays.map((o) => (
        <div key={o.id}>{o.render()}</div>
      ))}
    </div>
  );
}
