/** Indented JSON with arrays of numbers (the raw samples) kept on one line. */
export function toJson(v) {
  return JSON.stringify(v, null, 2).replace(/\[\n\s*(-?[\d.e+-]+(?:,\n\s*-?[\d.e+-]+)*)\n\s*\]/g, (_, nums) => `[${nums.replace(/\s+/g, '')}]`) + '\n'
}
