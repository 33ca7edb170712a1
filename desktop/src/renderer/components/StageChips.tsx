import { STAGES, type MediaDto, type Stage, type StageStatus } from '@biblio/shared';
import { StatusBadge } from './StatusBadge.js';

const STAGE_LABELS: Record<Stage, string> = {
  validate: 'Validate',
  thumbnails: 'Thumbnails',
  hls: 'Streaming',
  audio: 'Audio',
  transcribe: 'Transcript',
  index: 'Search index',
};

const ICONS: Record<StageStatus, string> = { pending: '•', running: '◌', done: '✓', failed: '✕', skipped: '–' };

/** While these, the stages are the news; once settled, one status says it all. */
const IN_PROGRESS: ReadonlySet<MediaDto['status']> = new Set(['UPLOADED', 'PROCESSING']);

/**
 * Server-side processing of one media: one status, expanded to a chip per stage only while it is
 * processed or when something failed, and the reason when it was refused.
 */
export function StageChips({ media }: { media: MediaDto }) {
  const failed = media.status === 'REJECTED' || media.status === 'FAILED';
  const expanded = failed || IN_PROGRESS.has(media.status) || STAGES.some((stage) => media.stages[stage]?.status === 'failed');
  const stages = expanded ? STAGES.filter((stage) => media.stages[stage] !== undefined) : [];
  const stageErrors = STAGES.flatMap((stage) => {
    const error = media.stages[stage]?.error;
    return error ? [`${STAGE_LABELS[stage]}: ${error}`] : [];
  });
  const reason = media.error ?? stageErrors[0] ?? null;

  return (
    <div className="processing" data-testid="processing" data-status={media.status}>
      <StatusBadge media={media.status} />
      {stages.length > 0 && (
        <ul className="chips" aria-label={`Processing stages of ${media.filename}`}>
          {stages.map((stage) => {
            const state = media.stages[stage]!;
            return (
              <li
                key={stage}
                className={`chip chip--${state.status}`}
                data-testid="stage-chip"
                data-stage={stage}
                data-status={state.status}
                title={state.error ?? `${STAGE_LABELS[stage]}: ${state.status}`}
              >
                <span aria-hidden="true">{ICONS[state.status]}</span> {STAGE_LABELS[stage]}
                {state.status === 'running' && state.progress > 0 ? ` ${Math.round(state.progress)}%` : ''}
                <span className="visually-hidden"> {state.status}</span>
              </li>
            );
          })}
        </ul>
      )}
      {failed && (
        <p className="row-error" role="alert" data-testid="media-error">
          {media.status === 'REJECTED' ? 'Rejected by the appliance' : 'Processing failed'}
          {reason ? `: ${reason}` : ''}
          {media.status === 'FAILED' ? ' — you can retry it from the library.' : ''}
        </p>
      )}
    </div>
  );
}
