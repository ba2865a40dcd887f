import { compilePhrasing, compilePhrasings, phrasingLines } from '../../src/core/understanding/phrasebook';

/** Normalised text is space-padded; so is every sample here. */
const matches = (lines: string[], text: string) => compilePhrasings(lines).test(` ${text} `);

describe('phrasing lines', () => {
  test('a line matches whole words in order, never inside a word', () => {
    expect(matches(['serveur sortant'], 'quel serveur sortant svp')).toBe(true);
    expect(matches(['serveur sortant'], 'quel sortant serveur')).toBe(false);
    expect(matches(['port'], 'report')).toBe(false);
    expect(matches(['port'], 'portable')).toBe(false);
  });

  test('an optional letter, a word start and optional words', () => {
    expect(matches(['ports?'], 'les ports')).toBe(true);
    expect(matches(['sortant*'], 'serveurs sortants')).toBe(true);
    expect(matches(['(le|la)? serveur'], 'serveur')).toBe(true);
    expect(matches(['quel (le|la)? serveur'], 'quel le serveur')).toBe(true);
    expect(matches(['quel (le|la)? serveur'], 'quel un serveur')).toBe(false);
  });

  test('a gap of up to N words', () => {
    expect(matches(['ne ~2 marche'], 'ne le marche')).toBe(true);
    expect(matches(['ne ~2 marche'], 'ne le la marche')).toBe(true);
    expect(matches(['ne ~2 marche'], 'ne le la les marche')).toBe(false);
  });

  test('guards: not after, not before', () => {
    const line = '[not after: phone|account] numbers [not before: to call]';
    expect(matches([line], 'what numbers do i put')).toBe(true);
    expect(matches([line], 'my phone numbers')).toBe(false);
    expect(matches([line], 'numbers to call')).toBe(false);
  });

  test('anchors: the start, the end, the whole message', () => {
    expect(matches(['^ how'], 'how do i')).toBe(true);
    expect(matches(['^ how'], 'and how')).toBe(false);
    expect(matches(['how $'], 'and how')).toBe(true);
    expect(matches(['= ok'], 'ok')).toBe(true);
    expect(matches(['= ok'], 'ok but no')).toBe(false);
  });

  test('the sugar compiles to the regular expression it stands for', () => {
    expect(compilePhrasing('(mon|ma)? email ~2 sur')).toBe('(mon |ma )?email( \\w+){0,2} sur');
    expect(compilePhrasing('sortant*')).toBe('sortant\\w*');
    // A backslash class is left alone.
    expect(compilePhrasing('code \\d+')).toBe('code \\d+');
  });

  test('a word list named once is used by the lines after it, in brackets and in guards', () => {
    const lines = phrasingLines('@verbs = check|verify  # asking\n@done = i have|j ai\n[not after: @done] (@verbs|scan) (my|mon)? domain\n');
    expect(lines).toEqual(['[not after: i have|j ai] (check|verify|scan) (my|mon)? domain']);
    expect(matches(lines, 'please check my domain')).toBe(true);
    expect(matches(lines, 'i have check my domain')).toBe(false);
  });

  test('a word list used before it is named stops start-up with its file', () => {
    expect(() => phrasingLines('(@verbs) domain\n@verbs = check', 'concepts/checkDomain.txt')).toThrow(/concepts\/checkDomain.txt.*@verbs/);
  });

  test('a line that does not compile names its file', () => {
    expect(() => compilePhrasings(['(unclosed'], 'concepts/port.txt')).toThrow(/concepts\/port.txt/);
  });
});
