import type { Translations } from '../../i18n';
import type { KnowledgeBase } from '../../knowledge/settings';
import type { Intent, Reply, ReplyField, Understanding } from '../types';
import { clientSetup } from './guide';
import { AnswerKit } from './kit';
import type { Draft } from './draft';
import { SETTING_ANSWERS } from './settings-answers';
import { troubleshooting } from './troubleshooting';
import { comparePasted } from './pasted';
import { encodeChoice } from '../choices';
import { explanation } from './explain';
import { diagnose, fallback, greeting, help, otherPartNote, outOfScope, thanks } from './conversation';
import { lazySetupFileMaker, setupFile, type SetupFileMaker } from './setup-file';
import type { SetupFileOptions } from '../account-files/files';

const BUILDERS: Record<Intent, (kit: AnswerKit) => Draft> = {
  protocol_choice: SETTING_ANSWERS.protocol_choice!,
  incoming_server: SETTING_ANSWERS.incoming_server!,
  outgoing_server: SETTING_ANSWERS.outgoing_server!,
  ports: SETTING_ANSWERS.ports!,
  username: SETTING_ANSWERS.username!,
  encryption: SETTING_ANSWERS.encryption!,
  smtp_auth: SETTING_ANSWERS.smtp_auth!,
  all_settings: SETTING_ANSWERS.all_settings!,
  client_setup: clientSetup,
  troubleshooting,
  diagnose,
  greeting,
  help,
  thanks,
  out_of_scope: outOfScope,
  unknown: fallback,
};

/** Answers whose field block holds every server, port, security and username… */
const COVERS_SETTINGS: ReadonlySet<Intent> = new Set(['client_setup', 'all_settings']);
/** …so these other questions asked with them are answered already. */
const COVERED: ReadonlySet<Intent> = new Set(['incoming_server', 'outgoing_server', 'ports', 'username', 'encryption', 'all_settings']);

/** Intents whose answer names a security setting. */
const SHOWS_SECURITY: ReadonlySet<Intent> = new Set(['ports', 'encryption', 'incoming_server', 'outgoing_server', 'all_settings', 'troubleshooting', 'client_setup']);

/** Intents whose answer shows host names: they invite an address when none is known. */
const PERSONALISABLE: ReadonlySet<Intent> = new Set([
  'incoming_server', 'outgoing_server', 'ports', 'username', 'smtp_auth', 'all_settings', 'client_setup',
]);

/** Builds the reply for an understanding, from the knowledge base, in the understood language. */
export class Answerer {
  private readonly files: SetupFileMaker;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly translations: Translations,
    /** How setup files are made (signing); see `setupFile`. */
    private readonly fileOptions: Pick<SetupFileOptions, 'signing'> = {},
    /** The service can check a customer's domain (DIAGNOSTICS_ENABLED): troubleshooting answers offer it. */
    private readonly domainCheck = false,
  ) {
    this.files = lazySetupFileMaker(kb);
  }

  private clarify(kit: AnswerKit, readings: [Intent, Intent]): Reply {
    return clarifyReply(kit, readings);
  }

  answer(understanding: Understanding): Reply {
    const t = this.translations.forLang(understanding.lang);
    const { email, domain, invalidEmail } = understanding.entities;
    const foreign = domain !== undefined && this.kb.isForeignDomain(domain);
    const who = foreign ? { email: null, domain: null } : { email: email ?? null, domain: domain ?? null };
    const kit = new AnswerKit(understanding, this.kb, t, this.translations, who);

    if (understanding.alternatives?.length === 2) return this.clarify(kit, understanding.alternatives as [Intent, Intent]);
    // "What is SMTP?", "why 993?": an explanation, not a settings card.
    const draft =
      explanation(kit) ??
      (understanding.intent === 'client_setup' && understanding.entities.setupFile
        ? setupFile(kit, this.files, this.fileOptions, clientSetup)
        : BUILDERS[understanding.intent](kit));
    const ownParagraphs = draft.paragraphs.length;
    for (const extra of understanding.alsoAsked ?? []) {
      // "…and how much is an extra mailbox?": the other part goes to support, in one sentence.
      if (extra === 'out_of_scope') draft.notes = [...(draft.notes ?? []), otherPartNote(kit)];
      // A guide's or the full settings' field block already answers "servers, ports, user": not again in sentences.
      else if (!(COVERS_SETTINGS.has(understanding.intent) && COVERED.has(extra))) merge(draft, BUILDERS[extra](kit));
    }

    keepFirstScreenShort(draft, ownParagraphs, t('answers.more.details'));

    // Pasted values are checked first: what to change is the answer the user is looking for.
    const before: string[] = [...comparePasted(kit)];
    if (invalidEmail) before.push(t('common.invalid_email', { value: invalidEmail }));
    if (foreign) before.push(t('common.foreign_domain', { domain, provider: this.kb.providerName }));
    const after: string[] = [];
    if (kit.settings.placeholder && !invalidEmail && !foreign && !understanding.entities.setupFile && PERSONALISABLE.has(understanding.intent)) {
      after.push(t('common.personalise', { example: kit.exampleAddress }));
    }
    // Samsung Email calls STARTTLS "TLS": wherever Samsung is the app and security is shown, the warning stays.
    if (understanding.entities.client === 'samsung_email' && SHOWS_SECURITY.has(understanding.intent) && understanding.intent !== 'client_setup') {
      const hint = t('guides.samsung_email.security_hint', kit.guideValues('samsung_email', 'imap'));
      if (!draft.more?.notes?.includes(hint)) after.unshift(hint);
    }
    // "Show the steps" clicked: the longer part alone, as its own message.
    if (understanding.entities.more && draft.more) {
      const more = draft.more;
      return { lang: understanding.lang, kind: 'answer', title: more.label, paragraphs: more.paragraphs ?? [], ...(more.steps?.length && { steps: more.steps }), ...(more.notes?.length && { notes: more.notes }), suggestions: draft.suggestions };
    }
    if (draft.more) {
      const { client, protocol, symptom } = understanding.entities;
      draft.more = { ...draft.more, choice: encodeChoice({ lang: understanding.lang, intent: understanding.intent, client, protocol, symptom, more: true }) };
    }
    // The check answers what no settings card can: whether the domain's DNS and servers are right.
    if (this.domainCheck && understanding.intent === 'troubleshooting') draft.suggestions = [kit.suggest({ intent: 'diagnose' }), ...(draft.suggestions ?? [])];
    const { kind, ...rest } = draft;
    const notes = [...(draft.notes ?? []), ...after];
    const reply: Reply = { lang: understanding.lang, kind: kind ?? 'answer', ...rest, paragraphs: [...before, ...draft.paragraphs] };
    if (notes.length) reply.notes = notes;
    else delete reply.notes;
    return reply;
  }
}

/** "Do you mean … or …?": two close readings offered as buttons instead of a guess. */
function clarifyReply(kit: AnswerKit, [first, second]: [Intent, Intent]): Reply {
  const t = kit.t;
  const label = (intent: Intent) => t(`common.suggest.${intent}`, { client: kit.clientName(kit.entities.client ?? 'generic') });
  return {
    lang: kit.lang,
    kind: 'answer',
    title: t('answers.clarify.title'),
    paragraphs: [t('answers.clarify.intro', { first: label(first), second: label(second) })],
    suggestions: [first, second].map((intent) => kit.suggest({ intent, client: kit.entities.client, protocol: kit.entities.protocol }, undefined, { client: kit.clientName(kit.entities.client ?? 'generic') })),
  };
}

/** A first screen a reader takes in at a glance, in characters; more waits behind a button. */
const FIRST_SCREEN = 450;

/**
 * "Auth PLAIN under TLS, and which security?": when the answers to the other questions asked make
 * the first screen long, they move behind "Details" (the first question's answer stays in front).
 */
function keepFirstScreenShort(draft: Draft, ownParagraphs: number, label: string): void {
  const extra = draft.paragraphs.slice(ownParagraphs);
  if (!extra.length) return;
  const length = [draft.title ?? '', ...draft.paragraphs, ...(draft.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(draft.notes ?? [])].join('\n').length;
  if (length <= FIRST_SCREEN) return;
  draft.paragraphs = draft.paragraphs.slice(0, ownParagraphs);
  draft.more = draft.more
    ? { ...draft.more, paragraphs: [...extra, ...(draft.more.paragraphs ?? [])] }
    : { label, paragraphs: extra };
}

/** Adds a second question's answer to the first: its sentences, then the fields not already shown. */
function merge(into: Draft, extra: Draft): void {
  if (extra.title && into.title && !into.title.includes(extra.title)) into.title = `${into.title} · ${extra.title}`;
  for (const paragraph of extra.paragraphs) if (!into.paragraphs.includes(paragraph)) into.paragraphs.push(paragraph);
  const fields: ReplyField[] = into.fields ?? [];
  for (const field of extra.fields ?? []) {
    // A server already stated in a sentence ("mail.x, port 465, SSL/TLS") is not listed again below it.
    const server = /^(\S+) · port (\d+)/.exec(field.value);
    const stated = server !== null && into.paragraphs.some((p) => p.includes(server[1]) && p.includes(`port ${server[2]}`));
    if (!stated && !fields.some((f) => f.label === field.label)) fields.push(field);
  }
  if (fields.length) into.fields = fields;
  if (!into.steps && extra.steps) into.steps = extra.steps;
  for (const note of extra.notes ?? []) {
    into.notes = into.notes ?? [];
    if (!into.notes.includes(note)) into.notes.push(note);
  }
  if (extra.more) {
    if (!into.more) into.more = extra.more;
    else {
      // One "more" button: the second question's details join the first's.
      const notes = [...(into.more.notes ?? []), ...(extra.more.notes ?? []).filter((n) => !into.more!.notes?.includes(n))];
      into.more = { ...into.more, paragraphs: [...(into.more.paragraphs ?? []), ...(extra.more.paragraphs ?? [])], notes };
    }
  }
}
