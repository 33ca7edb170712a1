import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../library/shortcuts.js';

/** The "?" overlay: every player shortcut, closed with Escape, ? or the button. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="overlay" onClick={onClose}>
      <div className="overlay-card" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcut-help" onClick={(e) => e.stopPropagation()}>
        <div className="overlay-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" ref={close} onClick={onClose}>
            Close
          </button>
        </div>
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.label} className="shortcut">
              <dt>
                <kbd>{s.label}</kbd>
              </dt>
              <dd>{s.description}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
