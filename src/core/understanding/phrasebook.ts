import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Phrasings as data: the files under `nlu/` hold one phrasing per line, which a support agent can
 * read and extend; this module compiles them into the patterns the understanding runs.
 *
 * A phrasing is matched as whole words of the normalised text (lower case, no accents, typos
 * and shorthand rewritten). The few conveniences a line may use are documented in nlu/README.md:
 *
 *   serveur sortant         the words, in that order
 *   ports?                  "port" or "ports" (a letter followed by ? is optional)
 *   sortant*                any word starting with "sortant"
 *   (le|la|les)? serveur    optionally one of the words in brackets, then "serveur"
 *   ne ~3 marche            "ne", up to three other words, "marche"
 *   [not after: phone] numbers [not before: to call]   guards: not after / before those words
 *   ^ how                   only at the start of the message;   how $   only at its end
 *   = ok                    the whole message
 *   re: <pattern>           a raw regular expression, for the rare line words cannot say
 *   @verbs = check|verify   a word list the later lines use as @verbs
 */

/** One phrasing line compiled into a regular-expression alternative (without the surrounding spaces). */
export function compilePhrasing(line: string): string {
  return (
    line
      // "(le|la)? serveur": the optional words take the space after them with them.
      .replace(/\(([^()]+)\)\? /g, (group: string, alternatives: string) => {
        const words = alternatives.split('|');
        return words.some((w) => /^\s|\s$/.test(w)) ? group : `(${words.map((w) => `${w} `).join('|')})?`;
      })
      // "[not after: phone|customer] numbers": not when one of those words comes just before.
      .replace(/\[not after: ([^\]]+)\] /g, (_, words: string) => `(?<!(?:${words}) )`)
      // "numbers [not before: to call|i can]": not when one of those comes just after.
      .replace(/ \[not before: ([^\]]+)\]/g, (_, words: string) => `(?! (?:${words}))`)
      // "ne ~3 marche": up to three other words between.
      .replace(/ ~(\d+)/g, '( \\w+){0,$1}')
      // "sortant*", "sortant+": a word start; a backslash class such as \d+ is left alone.
      .replace(/(?<=[a-z0-9])(?<!\\[a-z])([*+])/g, '\\w$1')
  );
}

/** Compiles a list of phrasing lines into one pattern that finds the first of them in a normalised text. */
export function compilePhrasings(lines: readonly string[], source = 'phrasings'): RegExp {
  const inWords: string[] = [];
  const anchored: string[] = [];
  for (const line of lines) {
    if (line.startsWith('re: ')) anchored.push(line.slice(4));
    else if (line.startsWith('= ')) anchored.push(`^ (${compilePhrasing(line.slice(2))}) $`);
    else if (line.startsWith('^ ')) anchored.push(`^ (${compilePhrasing(line.slice(2))})(?= )`);
    else if (line.endsWith(' $')) anchored.push(` (${compilePhrasing(line.slice(0, -2))}) $`);
    else inWords.push(compilePhrasing(line));
  }
  const parts = [...anchored];
  if (inWords.length) parts.push(` (${inWords.join('|')})(?= )`);
  try {
    return new RegExp(parts.join('|'));
  } catch (error) {
    throw new Error(`${source}: a phrasing does not compile (${(error as Error).message})`);
  }
}

/**
 * The meaningful lines of a phrasing file: comments (`#`) and blank lines dropped, spaces
 * trimmed, and word lists put in place. `@verbs = check|verify|teste` names a list that the
 * lines after it use as `@verbs` (in brackets, a guard, anywhere), so that a list several lines
 * share is written, and reviewed, once.
 */
export function phrasingLines(text: string, source = 'phrasings'): string[] {
  const lists = new Map<string, string>();
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const list = /^@([a-z]\w*) = (.+)$/i.exec(line);
    if (list) {
      lists.set(list[1], list[2].trim());
      continue;
    }
    lines.push(
      line.replace(/@([a-z]\w*)/gi, (name: string, key: string) => {
        const words = lists.get(key);
        if (words === undefined) throw new Error(`${source}: "${line}" uses ${name}, which no "${name} = …" line before it names`);
        return words;
      }),
    );
  }
  return lines;
}

/**
 * A file of sections: `[name]` starts a section, the lines after it belong to it, in file order
 * (order matters where the first matching section wins, as for mail clients).
 */
export function readSections(file: string): Array<[string, string[]]> {
  const sections: Array<[string, string[]]> = [];
  for (const line of phrasingLines(readFileSync(file, 'utf8'), path.basename(file))) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) sections.push([header[1], []]);
    else if (sections.length) sections[sections.length - 1][1].push(line);
    else throw new Error(`${file}: "${line}" comes before any [section]`);
  }
  return sections;
}

/** Each section of a file compiled into one pattern, in file order. */
export function compileSections(file: string): Array<[string, RegExp]> {
  return readSections(file).map(([name, lines]) => [name, compilePhrasings(lines, `${path.basename(file)} [${name}]`)]);
}

/** Every `*.txt` file of a folder compiled into one pattern per file, keyed by file name. */
export function compileFolder(dir: string): Record<string, RegExp> {
  const patterns: Record<string, RegExp> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    patterns[file.slice(0, -4)] = compilePhrasings(phrasingLines(readFileSync(path.join(dir, file), 'utf8'), file), file);
  }
  return patterns;
}

/**
 * A file of rewrites, one "pattern => replacement" a line: the pattern a regular expression over
 * the normalised text, matched as whole words (the spaces around it are added), the replacement
 * (with its $1… groups) put in its place; an empty one removes the phrase.
 */
export function readRewrites(file: string): Array<[RegExp, string]> {
  return phrasingLines(readFileSync(file, 'utf8'), path.basename(file)).map((line) => {
    const arrow = line.lastIndexOf('=>');
    if (arrow < 0) throw new Error(`${path.basename(file)}: "${line}" has no "=>"`);
    const replacement = line.slice(arrow + 2).trim();
    try {
      return [new RegExp(` (?:${line.slice(0, arrow).trim()}) `, 'g'), replacement ? ` ${replacement} ` : ' '];
    } catch (error) {
      throw new Error(`${path.basename(file)}: a rewrite does not compile (${(error as Error).message})`);
    }
  });
}

/** A word list: one or more words per line, separated by spaces. */
export function readWords(file: string): string[] {
  return phrasingLines(readFileSync(file, 'utf8'), path.basename(file)).flatMap((line) => line.split(/\s+/));
}

/** A table of `key = value` lines (shorthand, error codes). */
export function readTable(file: string): Record<string, string> {
  // No prototype: a key such as "constructor" must find only what the file says.
  const table: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of phrasingLines(readFileSync(file, 'utf8'), path.basename(file))) {
    const at = line.indexOf(' = ');
    if (at < 0) throw new Error(`${file}: "${line}" is not "key = value"`);
    table[line.slice(0, at).trim()] = line.slice(at + 3).trim();
  }
  return table;
}
