/** What `GET /metrics` reads from the job service when it is scraped. */
export interface MetricsGauges {
  queued: number;
  running: number;
}

/** Upper bounds of the render time histogram, in seconds. */
const renderBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The service's counters, written as Prometheus text: answers by status, renders finished and
 * failed, a histogram of render times, the audio rendered and the realtime factor (seconds of
 * audio per second of rendering, over all renders), and the gauges read at scrape time (renders
 * queued and running; the queue depth is what the queue limit compares).
 */
export class Metrics {
  private readonly answers = new Map<number, number>();
  private done = 0;
  private failed = 0;
  private readonly bucketCounts = renderBuckets.map(() => 0);
  private renderSeconds = 0;
  private audioSeconds = 0;

  /** An HTTP answer with this status. */
  answered(status: number): void {
    this.answers.set(status, (this.answers.get(status) ?? 0) + 1);
  }

  /** A render finished. */
  rendered(renderSeconds: number, audioSeconds: number): void {
    this.done++;
    this.renderSeconds += renderSeconds;
    this.audioSeconds += audioSeconds;
    renderBuckets.forEach((bound, i) => {
      if (renderSeconds <= bound) this.bucketCounts[i]++;
    });
  }

  /** A render failed for good. */
  renderFailed(): void {
    this.failed++;
  }

  text(gauges: MetricsGauges): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric("meltysynth_jobs", "gauge", "Renders queued and running now.", [
      ['{state="queued"}', gauges.queued],
      ['{state="running"}', gauges.running],
    ]);
    metric("meltysynth_jobs_finished_total", "counter", "Renders finished since the service started, by outcome.", [
      ['{state="done"}', this.done],
      ['{state="failed"}', this.failed],
    ]);
    metric("meltysynth_queue_depth", "gauge", "Renders waiting for a thread or a worker (what --max-queue limits).", [["", gauges.queued]]);
    const buckets = renderBuckets.map((bound, i): [string, number] => [`_bucket{le="${bound}"}`, this.bucketCounts[i]]);
    metric("meltysynth_render_seconds", "histogram", "Wall-clock seconds each render took in its thread.", [
      ...buckets,
      ['_bucket{le="+Inf"}', this.done],
      ["_sum", round(this.renderSeconds)],
      ["_count", this.done],
    ]);
    metric("meltysynth_audio_seconds_total", "counter", "Seconds of audio rendered.", [["", round(this.audioSeconds)]]);
    metric("meltysynth_realtime_factor", "gauge", "Seconds of audio per second of rendering, over all renders.", [
      ["", this.renderSeconds > 0 ? round(this.audioSeconds / this.renderSeconds) : 0],
    ]);
    metric(
      "meltysynth_http_responses_total",
      "counter",
      "HTTP answers by status.",
      [...this.answers].sort(([a], [b]) => a - b).map(([status, count]): [string, number] => [`{status="${status}"}`, count]),
    );
    return lines.join("\n") + "\n";
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
