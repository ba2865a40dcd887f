import type { Protocol } from '../../src/core/types';
import { loadKnowledgeBase } from '../../src/knowledge/load';
import type { Security } from '../../src/knowledge/schema';
import type { KnowledgeBase } from '../../src/knowledge/settings';
import { createSetupFile } from '../../src/core/account-files/files';
import { ask, createTestBot } from '../helpers/bot';
import { chatSettings, legacyKb, parsePlist, parseXml, starttlsKb, type SeenService } from './helpers';

/**
 * The promise of issue 5: the files and the chat answer come from one settings model, so no
 * host, port, security or authentication may differ. Each file is read back the way its
 * client reads it (the documented meaning of each value), then compared with the fields the
 * bot shows for "all settings for alice@example.com".
 */

const FROM_SOCKET_TYPE: Record<string, Security> = { SSL: 'ssl', STARTTLS: 'starttls', plain: 'none' };
const FROM_ENCRYPTION: Record<string, Security> = { SSL: 'ssl', TLS: 'starttls', None: 'none' };
const FROM_APPLE_AUTH: Record<string, string> = { EmailAuthPassword: 'password-cleartext', EmailAuthCRAMMD5: 'password-encrypted', EmailAuthNone: 'none' };

const ADDRESS = 'alice@example.com';
const QUESTIONS = { en: `all settings for ${ADDRESS}`, fr: `tous les paramètres pour ${ADDRESS}` };
const KNOWLEDGE_BASES: Array<[string, () => KnowledgeBase]> = [
  ['the default knowledge base', () => loadKnowledgeBase()],
  ['a knowledge base with SMTP on 587 STARTTLS', starttlsKb],
  ['a legacy POP3 knowledge base without encryption', legacyKb],
];

const sortKey = (s: SeenService) => `${s.protocol} ${s.port} ${s.host} ${s.security}`;
const withoutFlag = ({ alternative: _alternative, ...rest }: SeenService) => rest;
const byProtocol = (services: SeenService[], protocol: Protocol) => services.filter((s) => s.protocol === protocol);

describe.each(KNOWLEDGE_BASES)('files and chat agree: %s', (_name, makeKb) => {
  const kb = makeKb();
  const bot = createTestBot({}, kb);

  describe.each(Object.entries(QUESTIONS))('chat in %s', (lang, question) => {
    const handled = ask(question, {}, bot);
    const chat = chatSettings(handled.reply);
    const chatMain = chat.services.filter((s) => !s.alternative);

    test('the chat answer is the full settings list for the address', () => {
      expect(handled.understanding).toMatchObject({ lang, intent: 'all_settings', entities: { email: ADDRESS } });
      expect(chat.services.length).toBe(kb.data.services.length);
      expect(chat.username).not.toBe('');
    });

    test('Thunderbird: every server, main ones first, same authentication and user name', () => {
      const provider = parseXml(createSetupFile(kb, 'thunderbird', ADDRESS).body as string).clientConfig.emailProvider;
      const servers = [...provider.incomingServer, ...provider.outgoingServer];
      const seen: SeenService[] = servers.map((s: any) => ({
        protocol: s['@type'],
        alternative: false,
        host: s.hostname,
        port: Number(s.port),
        security: FROM_SOCKET_TYPE[s.socketType],
      }));
      expect(seen.map(withoutFlag).sort((a, b) => sortKey(a as SeenService).localeCompare(sortKey(b as SeenService)))).toEqual(
        chat.services.map(withoutFlag).sort((a, b) => sortKey(a as SeenService).localeCompare(sortKey(b as SeenService))),
      );
      // The server Thunderbird proposes first for each protocol is the one the chat calls the main one.
      for (const main of chatMain) expect(withoutFlag(byProtocol(seen, main.protocol)[0])).toEqual(withoutFlag(main));
      const smtp = provider.outgoingServer[0];
      expect(smtp.authentication).toBe(chat.smtpAuth ?? 'none');
      const username = smtp.username.replace('%EMAILADDRESS%', ADDRESS).replace('%EMAILLOCALPART%', 'alice');
      expect(username).toBe(chat.username);
    });

    test('Outlook: the main servers, with Encryption read as Outlook reads it', () => {
      const account = parseXml(createSetupFile(kb, 'outlook', ADDRESS).body as string).Autodiscover.Response.Account;
      const seen: SeenService[] = account.Protocol.map((p: any) => ({
        protocol: p.Type.toLowerCase(),
        alternative: false,
        host: p.Server,
        port: Number(p.Port),
        security: FROM_ENCRYPTION[p.Encryption],
      }));
      expect(seen).toEqual(chatMain);
      for (const p of account.Protocol) expect(p.LoginName).toBe(chat.username);
      const smtp = account.Protocol.find((p: any) => p.Type === 'SMTP');
      expect(smtp.AuthRequired).toBe(chat.smtpAuth ? 'on' : 'off');
    });

    test('Apple: the main incoming and outgoing servers, TLS switch, authentication and user name', () => {
      const mail = parsePlist(createSetupFile(kb, 'apple', ADDRESS).body as string).PayloadContent[0];
      const incoming = chatMain.find((s) => s.protocol === 'imap') ?? chatMain.find((s) => s.protocol === 'pop3');
      const outgoing = chatMain.find((s) => s.protocol === 'smtp');
      expect(mail.EmailAccountType).toBe(incoming?.protocol === 'imap' ? 'EmailTypeIMAP' : 'EmailTypePOP');
      expect([mail.IncomingMailServerHostName, mail.IncomingMailServerPortNumber, mail.IncomingMailServerUseSSL]).toEqual([
        incoming?.host,
        incoming?.port,
        incoming?.security !== 'none',
      ]);
      expect([mail.OutgoingMailServerHostName, mail.OutgoingMailServerPortNumber, mail.OutgoingMailServerUseSSL]).toEqual([
        outgoing?.host,
        outgoing?.port,
        outgoing?.security !== 'none',
      ]);
      expect(FROM_APPLE_AUTH[mail.OutgoingMailServerAuthentication]).toBe(chat.smtpAuth ?? 'none');
      expect(mail.IncomingMailServerUsername).toBe(chat.username);
      expect(mail.OutgoingMailServerUsername).toBe(chat.username);
    });
  });
});
