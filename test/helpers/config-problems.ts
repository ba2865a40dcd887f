import { ConfigError, loadConfig } from '../../src/config';

/** The problems start-up would report for this environment (empty when it is valid). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
