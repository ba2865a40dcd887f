import { CLIENTS, type ClientId, type Protocol, type ReplyLink } from '../types';
import type { AnswerKit } from './kit';
import type { Draft } from './draft';
import { SETUP_FILE_FORMAT } from './setup-file';

/** Clients offered as buttons when the user has not said which app they use. */
const PICKABLE: readonly ClientId[] = CLIENTS.filter((c) => c !== 'generic');

/** The incoming protocol a guide uses: the one asked for, else IMAP (the page's advice for most people). */
function guideProtocol(kit: AnswerKit): Protocol {
  const asked = (kit.entities.protocols ?? []).find((p) => p !== 'smtp' && kit.service(p));
  if (asked) return asked;
  return kit.service('imap') ? 'imap' : 'pop3';
}

/** A step-by-step guide for one client, with the user's own values filled in. */
export function clientSetup(kit: AnswerKit): Draft {
  const t = kit.t;
  const client = kit.entities.client ?? 'generic';
  const protocol = guideProtocol(kit);
  const values = kit.guideValues(client, protocol);
  const paragraphs: string[] = [];
  if (!kit.entities.client) paragraphs.push(t('answers.client_setup.choose'));
  if (kit.entities.otherClient === 'send_only') paragraphs.push(t('answers.client_setup.send_only', values));
  else if (kit.entities.otherClient) paragraphs.push(t('answers.client_setup.other_client', { client: kit.entities.otherClient }));
  paragraphs.push(t(`guides.${client}.intro`, values));
  if (protocol === 'pop3') paragraphs.push(t('answers.client_setup.pop3_variant'));

  const notes: string[] = [];
  // Thunderbird's note warns against "Encrypted password"; it is wrong where the server accepts it.
  if (!(client === 'thunderbird' && kit.kb.data.encryptedPasswordSupported)) notes.push(t(`guides.${client}.note`, values));
  const operatorNote = kit.kb.data.clientNotes[client]?.[kit.lang];
  if (operatorNote) notes.push(operatorNote);

  const links: ReplyLink[] = [];
  const clientLink = kit.kb.data.clientLinks[client];
  if (clientLink) links.push({ label: t('common.link.client_help', { client: kit.clientName(client) }), url: clientLink });
  links.push(kit.helpLink());

  const other: Protocol = protocol === 'imap' ? 'pop3' : 'imap';
  const suggestions = kit.entities.client
    ? [
        ...(SETUP_FILE_FORMAT[client] ? [kit.suggest({ intent: 'client_setup', client, file: true }, 'common.suggest.setup_file')] : []),
        ...(kit.service(other) ? [kit.suggest({ intent: 'client_setup', client, protocol: other }, `common.suggest.use_${other}`)] : []),
        kit.suggest({ intent: 'troubleshooting', client }),
        kit.suggest({ intent: 'protocol_choice' }),
      ]
    : PICKABLE.map((c) => kit.suggestClient(c));

  const incoming = kit.service(protocol);
  const smtp = kit.service('smtp');
  return {
    title: t(`guides.${client}.title`),
    paragraphs,
    notes,
    steps: kit.translations.list(kit.lang, `guides.${client}.steps`, values),
    fields: [
      ...(incoming ? [kit.serviceField(incoming)] : []),
      ...(smtp ? [kit.serviceField(smtp)] : []),
      kit.usernameField(),
      ...(kit.smtpAuthField() ? [kit.smtpAuthField()!] : []),
    ],
    links,
    suggestions,
    offers: { handoff: true },
  };
}
