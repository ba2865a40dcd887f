import type { Protocol } from '../types';
import type { AnswerKit } from './kit';

/** Which protocol a port number usually belongs to. */
const PROTOCOL_OF_PORT: Readonly<Record<number, Protocol>> = { 143: 'imap', 993: 'imap', 110: 'pop3', 995: 'pop3', 25: 'smtp', 465: 'smtp', 587: 'smtp', 2525: 'smtp' };

/** The protocol the pasted values are about: the one named, or the one the pasted port belongs to. */
function pastedProtocol(kit: AnswerKit): Protocol {
  const named = kit.entities.protocols?.[0];
  if (named) return named;
  const port = kit.entities.pasted?.port;
  if (port !== undefined && PROTOCOL_OF_PORT[port]) return PROTOCOL_OF_PORT[port];
  return kit.understanding.intent === 'outgoing_server' ? 'smtp' : 'imap';
}

/**
 * "Port: 587, Secure (SSL): No" compared with the right settings, one sentence per value:
 * what to change it to, or that it is right. Read first, before the details.
 */
export function comparePasted(kit: AnswerKit): string[] {
  const pasted = kit.entities.pasted;
  if (!pasted) return [];
  const t = kit.t;
  const service = kit.service(pastedProtocol(kit)) ?? kit.services()[0];
  const protocol = t(`common.protocol.${service.protocol}`);
  const security = kit.securityName(service);
  const lines: string[] = [];
  if (pasted.port !== undefined) {
    lines.push(
      pasted.port === service.port
        ? t('answers.pasted.port_ok', { port: pasted.port, protocol })
        : t('answers.pasted.port_change', { port: pasted.port, expected: service.port, protocol, security }),
    );
  }
  if (pasted.security !== undefined) {
    const right = pasted.security === service.security;
    lines.push(right ? t('answers.pasted.security_ok', { security }) : t('answers.pasted.security_change', { security, port: service.port }));
  }
  if (pasted.username !== undefined) {
    const full = kit.kb.data.username === 'full_email';
    const wrong = full ? !pasted.username.includes('@') : pasted.username.includes('@');
    lines.push(
      wrong
        ? t(full ? 'answers.pasted.username_full' : 'answers.pasted.username_local', { value: pasted.username, username: kit.settings.username })
        : t('answers.pasted.username_ok', { value: pasted.username }),
    );
  }
  if (pasted.server !== undefined) {
    const host = service.host;
    lines.push(pasted.server === host ? t('answers.pasted.server_ok', { server: host }) : t('answers.pasted.server_change', { server: pasted.server, host }));
  }
  return lines;
}
