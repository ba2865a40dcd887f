import type { Reply } from '../types';

/** A reply being built: the composer adds the language and kind. */
export type Draft = Omit<Reply, 'lang' | 'kind'> & { kind?: Reply['kind'] };
