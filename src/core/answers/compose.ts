import type { Translations } from '../../i18n';
import type { KnowledgeBase } from '../../knowledge/settings';
import type { Intent, Reply, ReplyField, Understanding } from '../types';
import { clientSetup } from './guide';
import { AnswerKit } from './kit';
import type { Draft } from './draft';
import { SETTING_ANSWERS } from './settings-answers';
import { troubleshooting } from './troubleshooting';
import { fallback, greeting, help, outOfScope, thanks } from './conversation';
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
  greeting,
  help,
  thanks,
  out_of_scope: outOfScope,
  unknown: fallback,
};

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
  ) {
    this.files = lazySetupFileMaker(kb);
  }

  answer(understanding: Understanding): Reply {
    const t = this.translations.forLang(understanding.lang);
    const { email, domain, invalidEmail } = understanding.entities;
    const foreign = domain !== undefined && this.kb.isForeignDomain(domain);
    const who = foreign ? { email: null, domain: null } : { email: email ?? null, domain: domain ?? null };
    const kit = new AnswerKit(understanding, this.kb, t, this.translations, who);

    const draft =
      understanding.intent === 'client_setup' && understanding.entities.setupFile
        ? setupFile(kit, this.files, this.fileOptions, clientSetup)
        : BUILDERS[understanding.intent](kit);
    for (const extra of understanding.alsoAsked ?? []) merge(draft, BUILDERS[extra](kit));

    const before: string[] = [];
    if (invalidEmail) before.push(t('common.invalid_email', { value: invalidEmail }));
    if (foreign) before.push(t('common.foreign_domain', { domain, provider: this.kb.providerName }));
    const after: string[] = [];
    if (kit.settings.placeholder && !invalidEmail && !foreign && !understanding.entities.setupFile && PERSONALISABLE.has(understanding.intent)) {
      after.push(t('common.personalise'));
    }
    const { kind, ...rest } = draft;
    const notes = [...(draft.notes ?? []), ...after];
    const reply: Reply = { lang: understanding.lang, kind: kind ?? 'answer', ...rest, paragraphs: [...before, ...draft.paragraphs] };
    if (notes.length) reply.notes = notes;
    else delete reply.notes;
    return reply;
  }
}

/** Adds a second question's answer to the first: its sentences, then the fields not already shown. */
function merge(into: Draft, extra: Draft): void {
  if (extra.title && into.title && !into.title.includes(extra.title)) into.title = `${into.title} · ${extra.title}`;
  for (const paragraph of extra.paragraphs) if (!into.paragraphs.includes(paragraph)) into.paragraphs.push(paragraph);
  const fields: ReplyField[] = into.fields ?? [];
  for (const field of extra.fields ?? []) {
    if (!fields.some((f) => f.label === field.label)) fields.push(field);
  }
  if (fields.length) into.fields = fields;
  if (!into.steps && extra.steps) into.steps = extra.steps;
  for (const note of extra.notes ?? []) {
    into.notes = into.notes ?? [];
    if (!into.notes.includes(note)) into.notes.push(note);
  }
}
