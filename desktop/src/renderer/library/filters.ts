import type { LibraryPageQuery, ListedStatus, MediaKind, MediaSort } from '@biblio/shared';

/** What the library toolbar controls; '' means "any". Dates are the <input type=date> value. */
export interface LibraryFilters {
  sort: MediaSort;
  status: ListedStatus | '';
  kind: MediaKind | '';
  language: string;
  from: string;
  to: string;
  q: string;
}

export const DEFAULT_FILTERS: LibraryFilters = { sort: 'newest', status: '', kind: '', language: '', from: '', to: '', q: '' };

export function isDefaultView(filters: LibraryFilters): boolean {
  return (Object.keys(DEFAULT_FILTERS) as (keyof LibraryFilters)[]).every((key) => filters[key].trim() === DEFAULT_FILTERS[key]);
}

const DAY_MS = 86_400_000;

/** "To 3 December" means up to the end of that day; the appliance's `to` is exclusive. */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The toolbar's state as the appliance's list parameters; half-typed values are left out. */
export function toPageQuery(filters: LibraryFilters): LibraryPageQuery {
  const query: LibraryPageQuery = { sort: filters.sort };
  if (filters.status) query.status = [filters.status];
  if (filters.kind) query.kind = filters.kind;
  const language = filters.language.trim();
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) query.language = language.toLowerCase();
  if (DATE.test(filters.from)) query.from = filters.from;
  if (DATE.test(filters.to)) query.to = dayAfter(filters.to);
  if (query.from && query.to && query.from >= query.to) delete query.to;
  const q = filters.q.trim();
  if (q) query.q = q.slice(0, 200);
  return query;
}
