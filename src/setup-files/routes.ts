import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSetupFile, loadSigningIdentity, SetupFileError, type SetupFile, type SigningMaterial } from '../core';
import type { Lang } from '../domain';
import { readBody, type HttpServer } from '../http/server';
import type { KnowledgeBase } from '../knowledge/settings';
import { AUTODISCOVER_MAX_BODY, readAutodiscoverRequest } from './autodiscover-request';
import { languageOf, queryOf, refuse, sendFile } from './http-helpers';

/** Where each client looks for its file (paths are matched exactly, query string aside). */
export const SETUP_FILE_PATHS = {
  /** Thunderbird at autoconfig.<domain>, and Thunderbird for Android / K-9 at both. */
  thunderbird: ['/mail/config-v1.1.xml', '/.well-known/autoconfig/mail/config-v1.1.xml'],
  /** Outlook at autodiscover.<domain> (or wherever the SRV record points), in both spellings it uses. */
  outlook: ['/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml'],
  /** A link the user opens on the iPhone, iPad or Mac. */
  apple: ['/email.mobileconfig'],
} as const;

export interface SetupRouteOptions {
  /** Sign Apple profiles with this certificate and key (checked now: a mismatch throws at start-up). */
  signing?: SigningMaterial;
  /** Language of the Apple profile's texts when the request does not say (default English). */
  defaultLang?: Lang;
  /** Largest autodiscover request body accepted, in bytes (default 16 KiB). */
  maxBodyBytes?: number;
}

/** Refuses what the caller got wrong, with the generator's one-line reason; anything else is the server's 500. */
function answer(res: ServerResponse, make: () => SetupFile, headers: (file: SetupFile) => Record<string, string> = () => ({})): void {
  let file: SetupFile;
  try {
    file = make();
  } catch (error) {
    if (error instanceof SetupFileError) return refuse(res, error.status, error.message);
    throw error;
  }
  sendFile(res, file.contentType, file.body, headers(file));
}

/** A parameter given once, or null when absent or empty; given twice it is ambiguous. */
function oneParameter(query: URLSearchParams, name: string): string | null | 'repeated' {
  const values = query.getAll(name);
  if (values.length > 1) return 'repeated';
  return values[0]?.trim() || null;
}

/**
 * Adds the setup-file routes to the bot's HTTP server. None requires authentication: the
 * clients that fetch them cannot send any.
 */
export function registerSetupFileRoutes(http: HttpServer, kb: KnowledgeBase, options: SetupRouteOptions = {}): void {
  if (options.signing) loadSigningIdentity(options.signing);
  const defaultLang = options.defaultLang ?? 'en';
  const maxBody = options.maxBodyBytes ?? AUTODISCOVER_MAX_BODY;

  const thunderbird = (req: IncomingMessage, res: ServerResponse) => {
    // Thunderbird sends ?emailaddress=; Thunderbird for Android and K-9 send nothing and get
    // the placeholder form. The Host header is not used to guess the domain: under the MX
    // shortcut it names the hoster, not the customer.
    const address = oneParameter(queryOf(req), 'emailaddress');
    if (address === 'repeated') return refuse(res, 400, 'give emailaddress once');
    answer(res, () => createSetupFile(kb, 'thunderbird', address));
  };

  const outlook = async (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) return refuse(res, 413, `the request body is larger than ${maxBody} bytes`);
    const body = await readBody(req, maxBody);
    if (body === 'too_large') return refuse(res, 413, `the request body is larger than ${maxBody} bytes`);
    answer(res, () => createSetupFile(kb, 'outlook', readAutodiscoverRequest(body)));
  };

  const apple = (req: IncomingMessage, res: ServerResponse) => {
    const query = queryOf(req);
    const address = oneParameter(query, 'email');
    if (address === 'repeated') return refuse(res, 400, 'give email once');
    const lang = languageOf(req, query, defaultLang);
    answer(
      res,
      () => createSetupFile(kb, 'apple', address, { lang, signing: options.signing }),
      (file) => ({ 'content-disposition': `attachment; filename="${file.filename}"` }),
    );
  };

  for (const path of SETUP_FILE_PATHS.thunderbird) http.route('GET', path, thunderbird);
  for (const path of SETUP_FILE_PATHS.outlook) http.route('POST', path, outlook);
  for (const path of SETUP_FILE_PATHS.apple) http.route('GET', path, apple);
}
