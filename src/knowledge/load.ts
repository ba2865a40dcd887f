import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths';
import { knowledgeBaseSchema } from './schema';
import { KnowledgeBase } from './settings';

/** The knowledge base shipped with the bot: the provider's help page, as data. */
export const DEFAULT_KNOWLEDGE_FILE = path.join(PROJECT_ROOT, 'knowledge', 'default.json');

/** A knowledge-base file that cannot be used; the message names the file and the field. */
export class KnowledgeBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnowledgeBaseError';
  }
}

/** Turns zod issues into "services[2].port: expected a number" lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
      .join('');
    return `${where || '(top level)'}: ${issue.message}`;
  });
}

/** Validates already-parsed JSON as a knowledge base. */
export function parseKnowledgeBase(json: unknown, source: string): KnowledgeBase {
  const parsed = knowledgeBaseSchema.safeParse(json);
  if (!parsed.success) {
    throw new KnowledgeBaseError(`Knowledge base ${source} is not valid:\n  - ${describeIssues(parsed.error).join('\n  - ')}`);
  }
  return new KnowledgeBase(parsed.data);
}

/** Reads and validates a knowledge-base file; any problem is a `KnowledgeBaseError` naming the file and field. */
export function loadKnowledgeBase(file = DEFAULT_KNOWLEDGE_FILE): KnowledgeBase {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KnowledgeBaseError(`Knowledge base ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KnowledgeBaseError(`Knowledge base ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseKnowledgeBase(json, file);
}
