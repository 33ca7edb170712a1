import type { Library } from '../hooks/useLibrary.js';
import { LibraryRow } from './LibraryRow.js';
import { MediaDetail } from './MediaDetail.js';
import { SearchBox } from './SearchBox.js';

/** Which media is open and where to seek; `nonce` makes a repeated jump to the same second count. */
export interface Focus {
  mediaId: string;
  time: number | null;
  nonce: number;
}

interface Props {
  library: Library;
  connected: boolean;
  focus: Focus | null;
  onFocus(mediaId: string, time?: number | null): void;
  onOpenSettings(): void;
}

export function LibraryScreen({ library, connected, focus, onFocus, onOpenSettings }: Props) {
  const selected = focus ? library.media.find((m) => m.id === focus.mediaId) : undefined;

  let list;
  if (!connected && library.media.length === 0) {
    list = (
      <div className="empty">
        <p>The library lives on your appliance. Pair with it to see your recordings.</p>
        <button type="button" onClick={onOpenSettings}>
          Open Settings
        </button>
      </div>
    );
  } else if (library.error && library.media.length === 0) {
    list = (
      <div className="empty" role="alert">
        <p>Could not load the library: {library.error}</p>
        <button type="button" onClick={library.reload}>
          Try again
        </button>
      </div>
    );
  } else if (library.media.length === 0) {
    list = (
      <p className="empty" data-testid="library-empty">
        {library.loading ? 'Loading…' : 'Nothing here yet. Upload a recording from the Upload tab; it appears here while it is processed.'}
      </p>
    );
  } else {
    list = (
      <ul className="library-list" aria-label="Recordings">
        {library.media.map((media) => (
          <LibraryRow key={media.id} media={media} selected={media.id === selected?.id} onOpen={() => onFocus(media.id)} />
        ))}
      </ul>
    );
  }

  return (
    <section className="screen" aria-labelledby="library-title">
      <div className="screen-head">
        <h1 id="library-title">Library</h1>
        <button type="button" onClick={library.reload} disabled={!connected || library.loading}>
          Refresh
        </button>
      </div>
      <SearchBox disabled={!connected} onPick={(hit) => onFocus(hit.mediaId, hit.start)} />
      <div className="library">
        <div className="library-column">{list}</div>
        <div className="library-column library-column--detail">
          {selected ? (
            <MediaDetail
              key={selected.id}
              media={selected}
              seek={focus && focus.time !== null ? { time: focus.time, nonce: focus.nonce } : null}
            />
          ) : (
            <p className="empty">Choose a recording to play it and read its transcript, or search for something that was said.</p>
          )}
        </div>
      </div>
    </section>
  );
}
