import type { Logger } from 'pino';

export interface FailureAlert {
  mediaId: string;
  ownerId: string;
  filename: string;
  stage: string;
  error: string;
  at: string;
}

/** Posts final stage failures to BIBLIO_ALERT_WEBHOOK (JSON). Best effort: never blocks the pipeline. */
export class FailureAlerts {
  constructor(
    private readonly webhookUrl: string | undefined,
    private readonly log: Logger,
  ) {}

  notify(alert: FailureAlert): void {
    if (!this.webhookUrl) return;
    fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: 'biblio.stage.failed', ...alert }),
      signal: AbortSignal.timeout(5_000),
    })
      .then((res) => {
        if (!res.ok) this.log.warn({ status: res.status }, 'alert webhook answered with an error');
      })
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'alert webhook unreachable'));
  }
}
