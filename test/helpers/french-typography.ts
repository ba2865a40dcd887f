/**
 * French typography: a no-break space (U+00A0) before ":" and inside « », a narrow no-break space
 * (U+202F) or a no-break space before ";", "?" and "!", so punctuation never wraps to a new line.
 * Returns the faults found (each with a little context), empty when the text is right.
 */
export function frenchTypographyFaults(text: string): string[] {
  const faults: string[] = [];
  // Addresses and links keep their own punctuation ("https://…?email=").
  const prose = text.replace(/\b(?:https?|mailto):\S+/g, ' ').replace(/\S+@\S+/g, ' ');
  const context = (i: number) => JSON.stringify(prose.slice(Math.max(0, i - 20), i + 10));
  for (const match of prose.matchAll(/ [:;?!»]/g)) faults.push(`ordinary space before "${match[0][1]}" in ${context(match.index)}`);
  for (const match of prose.matchAll(/[^\s\u00a0\u202f?!;:([{«"'/]([;?!])/g)) faults.push(`no space before "${match[1]}" in ${context(match.index)}`);
  for (const match of prose.matchAll(/[A-Za-zÀ-ÿ0-9)\]»"}]:(?=\s)/g)) faults.push(`no space before ":" in ${context(match.index)}`);
  for (const match of prose.matchAll(/«(?![\u00a0\u202f])/g)) faults.push(`no no-break space after "«" in ${context(match.index)}`);
  for (const match of prose.matchAll(/(?<![\u00a0\u202f])»/g)) faults.push(`no no-break space before "»" in ${context(match.index)}`);
  return faults;
}
