import { useState, type FormEvent } from 'react';
import type { DesktopSettings } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';

interface Props {
  settings: DesktopSettings;
  shell: 'electron' | 'browser';
  onSaved(settings: DesktopSettings): void;
}

const MB = 1_000_000;

/** Upload behaviour: parallel files, one bandwidth cap for all, login start and notifications. */
export function PreferencesForm({ settings, shell, onSaved }: Props) {
  const [parallel, setParallel] = useState(String(settings.parallelUploads));
  const [limit, setLimit] = useState(settings.bandwidthLimit === null ? '' : String(settings.bandwidthLimit / MB));
  const [startOnLogin, setStartOnLogin] = useState(settings.startOnLogin);
  const [notifications, setNotifications] = useState(settings.notifications);
  const [errors, setErrors] = useState<{ parallel?: string; limit?: string }>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const found: typeof errors = {};
    const parallelUploads = Number(parallel);
    if (!Number.isInteger(parallelUploads) || parallelUploads < 1 || parallelUploads > 10) {
      found.parallel = 'Choose a whole number from 1 to 10.';
    }
    const megabytes = limit.trim() === '' ? null : Number(limit);
    if (megabytes !== null && (!Number.isFinite(megabytes) || megabytes < 0.01)) {
      found.limit = 'Enter a speed of at least 0.01 MB/s, or leave it empty for no limit.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const saved = await api().invoke('settings:set', {
        parallelUploads,
        bandwidthLimit: megabytes === null ? null : Math.max(1024, Math.round(megabytes * MB)),
        startOnLogin,
        notifications,
      });
      onSaved(saved);
      setMessage('Preferences saved.');
    } catch (err) {
      setMessage(`Could not save: ${errorMessage(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="prefs-title">
      <h2 id="prefs-title">Upload preferences</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="parallel">Parallel uploads</label>
          <input
            id="parallel"
            type="number"
            min={1}
            max={10}
            step={1}
            value={parallel}
            aria-invalid={errors.parallel ? true : undefined}
            aria-describedby="parallel-note"
            onChange={(e) => setParallel(e.currentTarget.value)}
          />
          <p id="parallel-note" className={errors.parallel ? 'field-error' : 'field-hint'}>
            {errors.parallel ?? 'Files uploaded at the same time.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor="limit">Bandwidth limit (MB/s)</label>
          <input
            id="limit"
            type="number"
            min={0.01}
            step="any"
            placeholder="No limit"
            value={limit}
            aria-invalid={errors.limit ? true : undefined}
            aria-describedby="limit-note"
            onChange={(e) => setLimit(e.currentTarget.value)}
          />
          <p id="limit-note" className={errors.limit ? 'field-error' : 'field-hint'}>
            {errors.limit ?? 'Shared by all uploads. Empty: as fast as the network allows.'}
          </p>
        </div>
      </div>
      <div className="check">
        <input id="startOnLogin" type="checkbox" checked={startOnLogin} onChange={(e) => setStartOnLogin(e.currentTarget.checked)} />
        <label htmlFor="startOnLogin">Start Biblio when I log in</label>
        {shell === 'browser' && <span className="field-hint"> (desktop app only)</span>}
      </div>
      <div className="check">
        <input id="notifications" type="checkbox" checked={notifications} onChange={(e) => setNotifications(e.currentTarget.checked)} />
        <label htmlFor="notifications">Notify me when a recording is ready or fails</label>
      </div>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
    </form>
  );
}
