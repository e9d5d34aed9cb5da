/**
 * Sample statistics and the metric record every benchmark reports.
 *
 * Percentiles use the nearest-rank method on the sorted samples (p99 of 100 samples is the 99th smallest;
 * of fewer than 100 samples it is the largest), so a reported percentile is always a measured value.
 *
 * Two kinds of metrics:
 *  - latency-like ("lower is better"): median and p99 of the samples (ms, MB …).
 *  - rate-like ("higher is better"): samples are per-window rates (ops/s in consecutive windows); the median
 *    is the median window and the "p99" is the window rate that 99% of windows reached (the 1st percentile,
 *    i.e. the slow tail). The number checked against the target is the overall rate (total ops / total time).
 */

/** Samples sorted ascending (a copy). */
export function sorted(samples) {
  return Float64Array.from(samples).sort()
}

/** Nearest-rank percentile (p in [0, 100]) of samples; NaN when empty. */
export function percentile(samples, p) {
  const s = samples instanceof Float64Array && isSorted(samples) ? samples : sorted(samples)
  if (s.length === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil((p / 100) * s.length))
  return s[Math.min(s.length, rank) - 1]
}

function isSorted(a) {
  for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) return false
  return true
}

/** min, median, p90, p99, max, mean and count of the samples. */
export function summarize(samples) {
  const s = sorted(samples)
  const n = s.length
  let sum = 0
  for (const x of s) sum += x
  return {
    n,
    min: n ? s[0] : Number.NaN,
    median: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: n ? s[n - 1] : Number.NaN,
    mean: n ? sum / n : Number.NaN,
  }
}

/**
 * Per-window rates from completion times (ms, any common origin): the number of completions in each full
 * window of `windowMs` between `startMs` and `endMs`, divided by the window length in seconds. A trailing
 * partial window counts when it is at least half a window long.
 */
export function windowRates(completionTimesMs, startMs, endMs, windowMs = 500) {
  const span = endMs - startMs
  const full = Math.floor(span / windowMs)
  const tail = span - full * windowMs
  const nWin = full + (tail >= windowMs / 2 ? 1 : 0)
  if (nWin === 0) return span > 0 ? [(completionTimesMs.length * 1000) / span] : []
  const counts = new Array(nWin).fill(0)
  for (const t of completionTimesMs) {
    const w = Math.floor((t - startMs) / windowMs)
    if (w >= 0 && w < nWin) counts[w]++
  }
  return counts.map((c, i) => (c * 1000) / (i < full ? windowMs : tail))
}

/** Rounds for display/JSON: 3 significant decimals below 10, 1 decimal below 1000, integers above. */
export function round(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x
  const a = Math.abs(x)
  if (a >= 1000) return Math.round(x)
  if (a >= 10) return Math.round(x * 10) / 10
  return Math.round(x * 1000) / 1000
}

/**
 * A metric record (what results/<name>.json holds in `metrics` and the runner's table shows).
 *
 *   metric   what is measured, e.g. "creates/s"
 *   unit     "ms", "MB", "/s", "×" …
 *   better   "lower" | "higher"
 *   samples  raw samples (latencies or window rates), kept in the JSON
 *   value    the number compared with the target (default: p99 for "lower", the median for "higher")
 *   target   {op: "<=" | ">=", value} or undefined (informational metric)
 *   status   override: "not measured" / "pending" with `note` (then no numbers)
 */
export function metric({metric, unit = '', better = 'lower', samples = [], value, median, p99, target, note, status, extra}) {
  if (status) return {metric, unit, status, verdict: status, note, target: target ?? null}
  const st = summarize(samples)
  const med = median ?? st.median
  const tail = p99 ?? (better === 'higher' ? percentile(samples, 1) : st.p99)
  const v = value ?? (better === 'higher' ? med : tail)
  let verdict = 'info'
  let ratio = null
  if (target && Number.isFinite(v)) {
    ratio = v / target.value
    verdict = (target.op === '>=' ? v >= target.value : v <= target.value) ? 'pass' : 'FAIL'
  } else if (target) {
    verdict = 'FAIL'
  }
  return {
    metric,
    unit,
    better,
    value: round(v),
    median: round(med),
    p99: round(tail),
    target: target ?? null,
    ratio: ratio === null ? null : round(ratio),
    verdict,
    note,
    stats: Object.fromEntries(Object.entries(st).map(([k, x]) => [k, round(x)])),
    ...extra,
    samples: Array.from(samples, (x) => round(x)),
  }
}
