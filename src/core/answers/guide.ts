import { CLIENTS, type ClientId, type Protocol, type ReplyLink } from '../types';
import type { AnswerKit } from './kit';
import type { Draft } from './draft';
import { SETUP_FILE_FORMAT } from './setup-file';

/** Clients offered as buttons when the user has not said which app they use. */
const PICKABLE: readonly ClientId[] = CLIENTS.filter((c) => c !== 'generic');

/** The incoming protocol a guide uses: the one asked for, else IMAP (the page's advice for most people). */
function guideProtocol(kit: AnswerKit): Protocol {
  const incoming = (kit.entities.protocols ?? []).filter((p) => p !== 'smtp' && kit.service(p));
  // "comment configurer outlook, et la diff pop imap ?": both named is no choice; the guide keeps IMAP.
  if (incoming.length === 1) return incoming[0];
  return kit.service('imap') ? 'imap' : 'pop3';
}

/**
 * A client's setup: the settings to enter on the first screen, the step-by-step guide behind
 * "Show the steps" (sent whole where a platform has no buttons).
 */
export function clientSetup(kit: AnswerKit): Draft {
  const t = kit.t;
  const client = kit.entities.client ?? 'generic';
  const protocol = guideProtocol(kit);
  const values = kit.guideValues(client, protocol);
  const sendOnly = kit.entities.otherClient === 'send_only';
  const paragraphs: string[] = [];
  if (!kit.entities.client) paragraphs.push(t('answers.client_setup.choose'));
  else if (sendOnly) paragraphs.push(t('answers.client_setup.send_only', values));
  else {
    if (kit.entities.otherClient) paragraphs.push(t('answers.client_setup.other_client', { client: kit.entities.otherClient }));
    paragraphs.push(t('answers.client_setup.enter'));
  }
  if (protocol === 'pop3' && !sendOnly) paragraphs.push(t('answers.client_setup.pop3_variant'));

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
    // A device that only sends gets the outgoing values in its paragraph; the others get the field block.
    fields: sendOnly
      ? []
      : [...(incoming ? [kit.serviceField(incoming)] : []), ...(smtp ? [kit.serviceField(smtp)] : []), kit.usernameField(), ...(kit.smtpAuthField() ? [kit.smtpAuthField()!] : [])],
    more: {
      label: t('answers.client_setup.more'),
      // "Which app?" already says these settings work in any app: the generic guide does not say it again.
      paragraphs: kit.entities.client ? [t(`guides.${client}.intro`, values)] : [],
      steps: kit.translations.list(kit.lang, `guides.${client}.steps`, values),
      notes,
    },
    links,
    suggestions,
    offers: { handoff: true },
  };
}
