/** Shown when the page was opened without a shell (e.g. the built index.html from disk). */
export function MissingBridge() {
  return (
    <main className="missing-bridge">
      <h1>Biblio cannot start here</h1>
      <p role="alert">
        This page needs the Biblio desktop app, or the desktop host: run <code>npm run desktop:host</code> and open the
        address it prints.
      </p>
    </main>
  );
}
