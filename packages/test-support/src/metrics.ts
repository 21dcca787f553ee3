/** One series' value from Prometheus text, or undefined when the series is not there. */
export function metricSample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** One series' value as a server's `GET /metrics` reports it now. */
export async function readMetric(baseUrl: string, series: string): Promise<number | undefined> {
  return metricSample(await (await fetch(`${baseUrl}/metrics`)).text(), series);
}
