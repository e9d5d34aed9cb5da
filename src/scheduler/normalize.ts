/** Score normalisation shared by plugins (upstream's helper.DefaultNormalizeScore). */
import {MAX_NODE_SCORE} from './types.js'

/**
 * Scales scores in place so the highest becomes MAX_NODE_SCORE (integer division, as upstream); with
 * `reverse`, a high raw score becomes a low final score. All-zero scores stay 0 (MAX_NODE_SCORE reversed).
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean): void {
  let max = 0
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i]
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE)
    return
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max)
    scores[i] = reverse ? MAX_NODE_SCORE - s : s
  }
}
