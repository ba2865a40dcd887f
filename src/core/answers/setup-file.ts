import type { SetupFormat, SetupFileOptions } from '../account-files/files';
import type { ClientId, ReplyAttachment } from '../types';
import type { AnswerKit } from './kit';
import type { Draft } from './draft';

/** Which file each client can install, if any (Android apps and the new Outlook read none). */
export const SETUP_FILE_FORMAT: Partial<Record<ClientId, SetupFormat>> = {
  ios_mail: 'apple',
  apple_mail: 'apple',
  thunderbird: 'thunderbird',
  outlook: 'outlook',
};

/** Clients offered when the user asked for "a setup file" without saying for which app. */
const OFFERED: readonly ClientId[] = ['ios_mail', 'apple_mail', 'thunderbird', 'outlook'];

export interface SetupFileMaker {
  make(format: SetupFormat, address: string, options: SetupFileOptions): { filename: string; contentType: string; body: Buffer | string };
}

/** Loaded on first use only: the CMS library behind signed profiles is heavy for `ask`'s cold start. */
export function lazySetupFileMaker(kb: AnswerKit['kb']): SetupFileMaker {
  return {
    make(format, address, options) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const files = require('../account-files/files') as typeof import('../account-files/files');
      return files.createSetupFile(kb, format, address, options);
    },
  };
}

function attachment(file: { filename: string; contentType: string; body: Buffer | string }, filename = file.filename): ReplyAttachment {
  return typeof file.body === 'string'
    ? { filename, contentType: file.contentType, body: file.body, encoding: 'utf8' }
    : { filename, contentType: file.contentType, body: file.body.toString('base64'), encoding: 'base64' };
}

/**
 * "iPhone profile for alice@example.com": the setup file for that client, with two lines on
 * how to open it; without an address, a request for one; for clients that read no file, why,
 * and the way to set them up instead.
 */
export function setupFile(kit: AnswerKit, maker: SetupFileMaker, options: SetupFileOptions, guide: (kit: AnswerKit) => Draft): Draft {
  const t = kit.t;
  const client = kit.entities.client;
  if (!client) {
    return {
      title: t('answers.setup_file.title'),
      paragraphs: [t('answers.setup_file.which_client')],
      suggestions: OFFERED.map((c) => kit.suggest({ intent: 'client_setup', client: c, file: true }, 'answers.setup_file.button_for', { client: kit.clientName(c) })),
    };
  }
  const format = SETUP_FILE_FORMAT[client];
  if (!format) {
    const draft = guide(kit);
    draft.paragraphs.unshift(t('answers.setup_file.none_for_client', { client: kit.clientName(client) }));
    return draft;
  }
  const email = kit.settings.email;
  if (!email || kit.settings.placeholder) {
    return {
      title: t('answers.setup_file.title'),
      paragraphs: [t('answers.setup_file.need_address', { client: kit.clientName(client), example: kit.exampleAddress })],
      suggestions: [kit.suggestClient(client)],
    };
  }
  let file: ReturnType<SetupFileMaker['make']>;
  try {
    file = maker.make(format, email, { ...options, lang: kit.lang });
  } catch (error) {
    // The file code refuses what the chat let through (an unusual address): ask again, politely.
    if ((error as Error).name !== 'SetupFileError') throw error;
    return {
      title: t('answers.setup_file.title'),
      paragraphs: [t('common.invalid_email', { value: email }), t('answers.setup_file.need_address', { client: kit.clientName(client), example: kit.exampleAddress })],
      suggestions: [kit.suggestClient(client)],
    };
  }
  // Thunderbird looks for "<domain>.xml" in its isp folder: name the file so it can be dropped there.
  const name = format === 'thunderbird' ? `${email.slice(email.indexOf('@') + 1)}.xml` : file.filename;
  return {
    title: t('answers.setup_file.title_for', { client: kit.clientName(client) }),
    paragraphs: [t('answers.setup_file.ready', { email, filename: name }), t(`answers.setup_file.open.${format}`)],
    fields: kit.serviceFields().slice(0, 3),
    attachments: [attachment(file, name)],
    suggestions: [kit.suggestClient(client)],
    offers: { handoff: true },
  };
}
