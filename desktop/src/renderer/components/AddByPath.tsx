import { useState, type FormEvent } from 'react';
import './AddByPath.css';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  onPaths(paths: string[]): void;
  busy: boolean;
}

/**
 * Browser host only: a browser hides where a chosen file lives, so the host would copy it first.
 * A path typed or pasted here (a file or a folder) is read in place: no copy, no double disk use.
 */
export function AddByPath({ onPaths, busy }: Props) {
  const t = useT();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const paths = value
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/^"(.*)"$/, '$1'))
      .filter(Boolean);
    if (paths.length === 0) return;
    onPaths(paths);
    setValue('');
  };
  return (
    <form className="add-by-path" onSubmit={submit} aria-label={t('byPath.form')}>
      <label htmlFor="add-path">{t('byPath.label')}</label>
      <div className="add-by-path-row">
        <input
          id="add-path"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/me/Videos/lecture.mp4"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || !value.trim()}>
          {t('byPath.add')}
        </button>
      </div>
    </form>
  );
}
