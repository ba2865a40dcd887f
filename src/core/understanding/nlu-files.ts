import path from 'node:path';
import { PROJECT_ROOT } from '../../paths';

/** Where the phrasings live: reviewable data beside locales/ and knowledge/ (see nlu/README.md). */
export const NLU_DIR = path.join(PROJECT_ROOT, 'nlu');
