import { readFileSync } from 'node:fs';
import { loadSigningIdentity, SigningMaterialError, type SigningMaterial } from '../core';
import type { Env } from './env';

/** Environment variables naming PEM files (read through `loadConfig`, which calls `readSigningMaterial`). */
export const SIGNING_ENV = {
  cert: 'MOBILECONFIG_SIGNING_CERT',
  key: 'MOBILECONFIG_SIGNING_KEY',
  chain: 'MOBILECONFIG_SIGNING_CHAIN',
} as const;

/** Signing is configured wrongly; `problems` name each variable and how to fix it. */
export class SigningConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SigningConfigError';
  }
}

export type ReadText = (file: string) => string;

/**
 * Signing material from an environment (the one `readEnvironment()` returns): undefined when
 * neither certificate nor key is set, profiles then go out unsigned. Everything is read and
 * checked now, so a wrong path or a key that does not match fails at start-up, not on the
 * first download.
 */
export function readSigningMaterial(env: Env, readText: ReadText = (file) => readFileSync(file, 'utf8')): SigningMaterial | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const certFile = value(SIGNING_ENV.cert);
  const keyFile = value(SIGNING_ENV.key);
  const chainFile = value(SIGNING_ENV.chain);
  const problems: string[] = [];
  if (!certFile && !keyFile) {
    if (chainFile) problems.push(`${SIGNING_ENV.chain} is set but ${SIGNING_ENV.cert} and ${SIGNING_ENV.key} are not: set both to sign profiles, or unset ${SIGNING_ENV.chain}.`);
    if (problems.length) throw new SigningConfigError(problems);
    return undefined;
  }
  if (!certFile) problems.push(`${SIGNING_ENV.key} is set but ${SIGNING_ENV.cert} is missing: point it to the signing certificate (PEM).`);
  if (!keyFile) problems.push(`${SIGNING_ENV.cert} is set but ${SIGNING_ENV.key} is missing: point it to the certificate's private key (PEM, unencrypted).`);
  const read = (name: string, file: string | undefined): string | undefined => {
    if (!file) return undefined;
    try {
      return readText(file);
    } catch (error) {
      problems.push(`${name}="${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): give the path of a PEM file.`);
      return undefined;
    }
  };
  const certPem = read(SIGNING_ENV.cert, certFile);
  const keyPem = read(SIGNING_ENV.key, keyFile);
  const chainPem = read(SIGNING_ENV.chain, chainFile);
  if (problems.length || certPem === undefined || keyPem === undefined) throw new SigningConfigError(problems);
  const material: SigningMaterial = { certPem, keyPem, ...(chainPem !== undefined ? { chainPem } : {}) };
  try {
    loadSigningIdentity(material);
  } catch (error) {
    if (error instanceof SigningMaterialError) throw new SigningConfigError([`${SIGNING_ENV.cert} / ${SIGNING_ENV.key}: ${error.message}.`]);
    throw error;
  }
  return material;
}
