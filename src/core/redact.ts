/**
 * Removes what looks like a secret from user text before it is stored, logged or handed to
 * an agent: platform tokens, API keys, and whatever follows "password", "mot de passe", "mdp"…
 */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot, user and app-config tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /\b[MNO][A-Za-z\d_-]{22,28}\.[A-Za-z\d_-]{4,8}\.[A-Za-z\d_-]{25,}/g, // Discord bot tokens
  /\b(?:sk|pk|rk|ghp|gho|ghs|glpat|AKIA)[-_A-Za-z0-9]{12,}/g, // common API keys
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
];

/**
 * Long random-looking strings (keys, secrets): 32+ characters mixing letters and digits. Matched
 * plainly and checked in the callback: lookaheads at every word boundary made this quadratic
 * on text such as "a-a-a-…" (seconds for 40 kB).
 */
const LONG_RANDOM = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

/** "password: hunter2", "mot de passe = Secret1", "mdp Secret1", "pwd hunter2", "my password is hunter2". */
const PASSWORD_AFTER_WORD =
  /\b(password|passwd|pwd|pass|mot\s+de\s+passe|mdp|passcode|code\s+secret|secret|token|jeton)(\s+(?:is|est|c'est|was|=|:)?\s*|\s*[:=]\s*)(["'«]?)(\S{3,})/gi;

export const REDACTED = '[redacted]';

export function redact(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  out = out.replace(LONG_RANDOM, (found) => (/\d/.test(found) && /[A-Za-z]/.test(found) ? REDACTED : found));
  out = out.replace(PASSWORD_AFTER_WORD, (whole, word: string, sep: string, quote: string, value: string) => {
    // Keep ordinary words: "password rejected", "mot de passe refusé", "password for smtp".
    if (/^(?:rejected|refused|refus\S*|incorrect|wrong|invalid\w*|expired|expir\S*|oubli\S*|forgot\S*|for|pour|de|du|of|is|est|ne|n'|not|pas|keeps?|again|encore|chang\S*|reset|field|champ|manager|required|requis|obligatoire|normal|chiffr\S*|encrypted|secure|s[ée]curis\S*|authentication|authentification|and|et|or|ou|in|dans|on|sur|to|[àa]|with|avec|the|le|la|mon|ma|my|your|votre|ton|ta|\?|!|\.)$/i.test(value.replace(/[.,;!?]+$/, ''))) {
      return whole;
    }
    return `${word}${sep}${quote}${REDACTED}`;
  });
  return out;
}

