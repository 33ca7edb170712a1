import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../library/shortcuts.js';
import { useT } from '../i18n/I18nProvider.js';

/** The "?" overlay: every player shortcut, closed with Escape, ? or the button. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const t = useT();
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
          <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
          <button type="button" ref={close} onClick={onClose}>
            {t('shortcuts.close')}
          </button>
        </div>
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.label} className="shortcut">
              <dt>
                <kbd>{s.labelKey ? t(s.labelKey) : s.label}</kbd>
              </dt>
              <dd>{t(s.description)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
