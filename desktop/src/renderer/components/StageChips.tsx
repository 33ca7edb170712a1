import { STAGES, type MediaDto, type Stage, type StageStatus } from '@biblio/shared';
import { StatusBadge } from './StatusBadge.js';
import { formatPercent } from '../format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/types.js';

const STAGE_LABELS: Record<Stage, MessageKey> = {
  validate: 'stage.validate',
  thumbnails: 'stage.thumbnails',
  hls: 'stage.hls',
  audio: 'stage.audio',
  transcribe: 'stage.transcribe',
  index: 'stage.index',
};

const STATE_LABELS: Record<StageStatus, MessageKey> = {
  pending: 'stageState.pending',
  running: 'stageState.running',
  done: 'stageState.done',
  failed: 'stageState.failed',
  skipped: 'stageState.skipped',
};

const ICONS: Record<StageStatus, string> = { pending: '•', running: '◌', done: '✓', failed: '✕', skipped: '–' };

/** While these, the stages are the news; once settled, one status says it all. */
const IN_PROGRESS: ReadonlySet<MediaDto['status']> = new Set(['UPLOADED', 'PROCESSING']);

/**
 * Server-side processing of one media: one status, expanded to a chip per stage only while it is
 * processed or when something failed, and the reason when it was refused.
 */
export function StageChips({ media }: { media: MediaDto }) {
  const { t, locale } = useI18n();
  const failed = media.status === 'REJECTED' || media.status === 'FAILED';
  const expanded = failed || IN_PROGRESS.has(media.status) || STAGES.some((stage) => media.stages[stage]?.status === 'failed');
  const stages = expanded ? STAGES.filter((stage) => media.stages[stage] !== undefined) : [];
  const stageErrors = STAGES.flatMap((stage) => {
    const error = media.stages[stage]?.error;
    // The error is the appliance's English text; the stage name around it is ours.
    return error ? [t('stage.reason', { what: t(STAGE_LABELS[stage]), reason: error })] : [];
  });
  const reason = media.error ?? stageErrors[0] ?? null;

  return (
    <div className="processing" data-testid="processing" data-status={media.status}>
      <StatusBadge media={media.status} />
      {stages.length > 0 && (
        <ul className="chips" aria-label={t('stage.listLabel', { name: media.filename })}>
          {stages.map((stage) => {
            const state = media.stages[stage]!;
            return (
              <li
                key={stage}
                className={`chip chip--${state.status}`}
                data-testid="stage-chip"
                data-stage={stage}
                data-status={state.status}
                title={state.error ?? t('stage.chipTitle', { stage: t(STAGE_LABELS[stage]), state: t(STATE_LABELS[state.status]) })}
              >
                <span aria-hidden="true">{ICONS[state.status]}</span> {t(STAGE_LABELS[stage])}
                {state.status === 'running' && state.progress > 0 ? ` ${formatPercent(state.progress, locale)}` : ''}
                <span className="visually-hidden"> {t(STATE_LABELS[state.status])}</span>
              </li>
            );
          })}
        </ul>
      )}
      {failed && (
        <p className="row-error" role="alert" data-testid="media-error">
          {reason
            ? t('stage.reason', { what: t(media.status === 'REJECTED' ? 'stage.rejected' : 'stage.failed'), reason })
            : t(media.status === 'REJECTED' ? 'stage.rejected' : 'stage.failed')}
          {media.status === 'FAILED' ? t('stage.retryHint') : ''}
        </p>
      )}
    </div>
  );
}
