import net from 'node:net';
import tls from 'node:tls';
import type { Protocol } from '../domain';
import type { Security } from '../knowledge/schema';
import type { CheckResult, CheckStatus } from './report';

/** One port to check, as the knowledge base declares it for the customer's domain. */
export interface ServiceTarget {
  /** `imaps`, `pop3s`, `smtps` (implicit TLS) or `imap`, `pop3`, `submission` (STARTTLS or plain). */
  id: string;
  protocol: Protocol;
  /** The mail host name: sent for SNI and matched against the certificate. */
  host: string;
  port: number;
  security: Security;
}

/** Opens a TCP connection to an address literal. Injectable so tests can count and vet every attempt. */
export type SocketOpener = (address: string, port: number) => net.Socket;

/** Never used for an address literal; here so that a name slipping through could not be resolved a second time. */
const refuseLookup: net.LookupFunction = (hostname, _options, callback) => {
  callback(Object.assign(new Error(`refusing to resolve ${hostname}: probes connect to checked addresses only`), { code: 'ENOTCHECKED' }), '', 4);
};

/** The real opener: TCP to the literal address the guard approved. */
export const openTcp: SocketOpener = (address, port) => {
  if (net.isIP(address) === 0) throw new Error(`probes connect to IP addresses only, not to "${address}"`);
  return net.connect({ host: address, port, lookup: refuseLookup });
};

export interface ProbeOptions {
  /** The whole probe (connect, TLS, greeting, EHLO) within this many milliseconds. */
  timeoutMs: number;
  /** PEM of extra CA certificates, trusted besides Node's list. */
  ca?: string;
  openSocket: SocketOpener;
  /** Aborted when the whole domain check runs out of time. */
  signal?: AbortSignal;
  now?: () => number;
}

const DAY_MS = 24 * 3600 * 1000;
/** Certificates expiring sooner than this get a warning. */
export const EXPIRY_WARNING_DAYS = 14;
/** How long the goodbye (QUIT, LOGOUT) may take to be delivered before the connection is cut. */
const GOODBYE_GRACE_MS = 200;
/** A hostile server cannot make a probe buffer more than this. */
const MAX_RESPONSE_BYTES = 16 * 1024;
const OLD_TLS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);
const NOT_TLS_ERRORS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_RECORD_LAYER_FAILURE']);
export const PROTOCOL_NAMES: Record<Protocol, string> = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' };

type Stage = 'connect' | 'tls' | 'greeting' | 'starttls' | 'ehlo';
type Finding = { status: CheckStatus; code: string; params?: Record<string, string | number> };

/** A failure that ends the probe; `code` is a locale key under `diagnostics.port`. */
class ProbeFailure extends Error {
  constructor(readonly code: string, readonly params: Record<string, string | number> = {}) {
    super(code);
  }
}

/** TLS settings per extra CA (one at most, from configuration): built once, since each build parses every root certificate. */
const probeContexts = new Map<string, tls.SecureContext>();

function probeContext(ca: string | undefined): tls.SecureContext {
  const key = ca ?? '';
  let context = probeContexts.get(key);
  if (!context) {
    context = tls.createSecureContext({
      ca: ca ? [...tls.rootCertificates, ca] : undefined,
      // Old servers must still complete a handshake to be told they are old; nothing secret is ever sent.
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    probeContexts.set(key, context);
  }
  return context;
}

/**
 * Connects to one mail port at an already-checked address and tells, in one line, whether a
 * mail app would get through: TCP, TLS (version, chain, host name, expiry), the greeting and,
 * for SMTP, password login offered after EHLO. No credentials are ever sent.
 */
export async function probeService(target: ServiceTarget, address: string, options: ProbeOptions): Promise<CheckResult> {
  const now = options.now ?? Date.now;
  const base = { port: target.port, protocol: PROTOCOL_NAMES[target.protocol], host: target.host, address };
  const findings: Finding[] = [];
  const sockets: net.Socket[] = [];
  let stage: Stage = 'connect';
  let tlsFacts: { version: string; until: string } | undefined;
  let goodbye: net.Socket | undefined;

  const conversation = async (): Promise<void> => {
    let socket = options.openSocket(address, target.port);
    sockets.push(socket);
    await waitForConnect(socket);
    if (target.security === 'ssl') {
      stage = 'tls';
      socket = await startTls(socket);
    }
    stage = 'greeting';
    const greeting = await readResponse(socket, target.protocol === 'smtp' ? smtpComplete : firstLine);
    if (!greetingOk(target.protocol, greeting)) throw new ProbeFailure('bad_greeting');
    let ehlo: string | undefined;
    if (target.security === 'starttls') {
      stage = 'starttls';
      if (target.protocol === 'smtp') {
        ehlo = await command(socket, `EHLO ${ehloName(socket)}`, smtpComplete);
        if (!/^250[ -]STARTTLS\s*$/im.test(ehlo)) throw new ProbeFailure('starttls_missing');
      }
      const [verb, ok] = STARTTLS_COMMANDS[target.protocol];
      const answer = await command(socket, verb, target.protocol === 'smtp' ? smtpComplete : target.protocol === 'imap' ? taggedLine : firstLine);
      if (!ok.test(answer)) throw new ProbeFailure('starttls_missing');
      socket = await startTls(socket);
    }
    if (target.protocol === 'smtp') {
      stage = 'ehlo';
      ehlo = await command(socket, `EHLO ${ehloName(socket)}`, smtpComplete);
      if (!/^250[ -]/m.test(ehlo)) throw new ProbeFailure('bad_greeting');
      const mechanisms = authMechanisms(ehlo);
      if (!mechanisms.includes('PLAIN') && !mechanisms.includes('LOGIN')) findings.push({ status: 'fail', code: 'smtp_no_auth' });
    }
    // Say goodbye politely; the answer does not matter.
    socket.end(target.protocol === 'imap' ? 'a9 LOGOUT\r\n' : 'QUIT\r\n');
    // Reading again (and dropping) what comes back is how the server's hang-up is noticed.
    socket.resume();
    goodbye = socket;
  };

  /** TLS over the connected socket; what the certificate says becomes findings, never a refusal, so every fact is reported. */
  const startTls = async (plain: net.Socket): Promise<net.Socket> => {
    plain.pause();
    const secure = tls.connect({
      socket: plain,
      servername: target.host,
      secureContext: probeContext(options.ca),
      // Judged below, so that an expired or self-signed certificate is described rather than just refused.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    sockets.push(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => {
        secure.off('error', reject);
        // Later errors surface through the reads; an unheard 'error' event would crash the process.
        secure.on('error', () => undefined);
        resolve();
      });
      secure.once('error', reject);
    });
    judgeCertificate(secure);
    return secure;
  };

  const judgeCertificate = (secure: tls.TLSSocket): void => {
    const cert = secure.getPeerCertificate();
    const version = versionLabel(secure.getProtocol() ?? '');
    const validTo = Date.parse(cert.valid_to);
    const validFrom = Date.parse(cert.valid_from);
    tlsFacts = { version, until: Number.isFinite(validTo) ? new Date(validTo).toISOString().slice(0, 10) : '?' };
    // Node gives the OpenSSL verify code as a string ("CERT_HAS_EXPIRED"), though typed as an Error.
    const rawError = secure.authorizationError as unknown;
    const authError = typeof rawError === 'string' ? rawError : ((rawError as { code?: string } | null)?.code ?? String(rawError ?? ''));
    if (validTo < now()) findings.push({ status: 'fail', code: 'cert_expired', params: { days: Math.floor((now() - validTo) / DAY_MS) } });
    else if (validFrom > now()) findings.push({ status: 'fail', code: 'cert_not_yet_valid', params: { from: new Date(validFrom).toISOString().slice(0, 10) } });
    else if (!secure.authorized && /SELF_SIGNED/.test(authError)) findings.push({ status: 'fail', code: 'cert_self_signed' });
    else if (!secure.authorized) findings.push({ status: 'fail', code: 'cert_untrusted', params: { reason: authError } });
    if (tls.checkServerIdentity(target.host, cert)) findings.push({ status: 'fail', code: 'cert_wrong_host', params: { names: certificateNames(cert) } });
    if (OLD_TLS.has(secure.getProtocol() ?? '')) findings.push({ status: 'warn', code: 'tls_old', params: { version } });
    const daysLeft = Math.floor((validTo - now()) / DAY_MS);
    if (validTo >= now() && daysLeft < EXPIRY_WARNING_DAYS) findings.push({ status: 'warn', code: 'cert_expiring', params: { days: daysLeft } });
  };

  const outcome = await new Promise<CheckResult>((resolve) => {
    let done = false;
    const finish = (result: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onTimeout = () => finish(failure(stage === 'connect' ? 'unreachable' : 'silent', { stage }));
    const onAbort = () => onTimeout();
    const timer = setTimeout(onTimeout, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onTimeout();
    conversation().then(
      () => finish(verdict()),
      (error: unknown) => finish(fromError(error)),
    );
  });
  // After a goodbye, a moment for it to reach the server; then everything is closed, so a server that never hangs up cannot hold the check open.
  if (goodbye && !goodbye.destroyed) await closedWithin(goodbye, GOODBYE_GRACE_MS);
  for (const socket of sockets) socket.destroy();
  return outcome;

  function failure(code: string, params: Record<string, string | number> = {}): CheckResult {
    // A failure after the handshake still reports the certificate problems found first: they are the likelier cause.
    const earlier = findings.find((f) => f.status === 'fail');
    if (earlier) return { id: target.id, status: 'fail', code: `port.${earlier.code}`, params: { ...base, ...earlier.params } };
    return { id: target.id, status: 'fail', code: `port.${code}`, params: { ...base, ...params } };
  }

  function verdict(): CheckResult {
    const worst = findings.find((f) => f.status === 'fail') ?? findings.find((f) => f.status === 'warn');
    if (worst) return { id: target.id, status: worst.status, code: `port.${worst.code}`, params: { ...base, ...(tlsFacts ?? {}), ...worst.params } };
    if (!tlsFacts) return { id: target.id, status: 'ok', code: 'port.ok_plain', params: base };
    return { id: target.id, status: 'ok', code: 'port.ok', params: { ...base, ...tlsFacts } };
  }

  function fromError(error: unknown): CheckResult {
    if (error instanceof ProbeFailure) return failure(error.code, error.params);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (stage === 'connect') {
      if (code === 'ECONNREFUSED') return failure('closed');
      return failure('unreachable', { stage, reason: code || 'error' });
    }
    if (stage === 'tls' && NOT_TLS_ERRORS.has(code)) return failure('not_tls');
    if (stage === 'tls') return failure('tls_failed', { reason: code || 'error' });
    if (code === 'ERESPONSE_TOO_LONG') return failure('bad_greeting');
    return failure('closed_early', { stage });
  }
}

/** The commands that start TLS on a plain connection, and the answer that means "go ahead". */
const STARTTLS_COMMANDS: Record<Protocol, [string, RegExp]> = {
  imap: ['a1 STARTTLS', /^a1 OK/im],
  pop3: ['STLS', /^\+OK/],
  smtp: ['STARTTLS', /^220[ -]/m],
};

function greetingOk(protocol: Protocol, text: string): boolean {
  if (protocol === 'imap') return /^\* (OK|PREAUTH)\b/i.test(text);
  if (protocol === 'pop3') return /^\+OK\b/.test(text);
  return /^220[ -]/.test(text) && lastReplyLine(text).startsWith('220');
}

/** SASL mechanisms from an EHLO answer ("250-AUTH PLAIN LOGIN", or the old "250-AUTH=LOGIN"). */
export function authMechanisms(ehlo: string): string[] {
  const mechanisms: string[] = [];
  for (const match of ehlo.matchAll(/^250[ -]AUTH[ =](.*)$/gim)) mechanisms.push(...match[1].trim().toUpperCase().split(/\s+/));
  return mechanisms;
}

function lastReplyLine(text: string): string {
  return text.split(/\r?\n/).filter((line) => /^\d{3}(?:\s|$)/.test(line)).pop() ?? '';
}

/** An SMTP reply is complete at its first line whose code is followed by a space (or nothing). */
function smtpComplete(text: string): boolean {
  return text.split(/\r?\n/).slice(0, -1).some((line) => /^\d{3}(?:\s|$)/.test(line));
}

function firstLine(text: string): boolean {
  return text.includes('\n');
}

/** IMAP answers a tagged command after any untagged lines. */
function taggedLine(text: string): boolean {
  return /^a1 /im.test(text) && /^a1 [^\n]*\n/im.test(text);
}

function versionLabel(protocol: string): string {
  if (protocol === 'TLSv1') return 'TLS 1.0';
  return protocol.replace(/^TLSv/, 'TLS ');
}

/** The host names a certificate covers, for telling which name it was made for. */
function certificateNames(cert: tls.PeerCertificate): string {
  const alt = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
  const names = alt.length ? alt : [cert.subject?.CN].flat().filter((s): s is string => typeof s === 'string');
  return names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '') || '?';
}

/** RFC 5321 asks for a name or an address literal; the local address is always true and reveals nothing new. */
function ehloName(socket: net.Socket): string {
  const local = socket.localAddress ?? '127.0.0.1';
  return net.isIPv6(local) ? `[IPv6:${local}]` : `[${local}]`;
}

function closedWithin(socket: net.Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function waitForConnect(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      // Errors after this point surface through the reads; an unheard 'error' event would crash the process.
      socket.on('error', () => undefined);
      resolve();
    });
    socket.once('error', reject);
  });
}

function command(socket: net.Socket, line: string, complete: (text: string) => boolean): Promise<string> {
  socket.write(`${line}\r\n`);
  return readResponse(socket, complete);
}

/** Reads until `complete` says the answer is whole; rejects if the server closes first or talks too much. */
function readResponse(socket: net.Socket, complete: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('end', onClose);
      socket.pause();
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.length > MAX_RESPONSE_BYTES) {
        cleanup();
        reject(Object.assign(new Error('response too long'), { code: 'ERESPONSE_TOO_LONG' }));
      } else if (complete(text)) {
        cleanup();
        resolve(text);
      }
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('closed by the server'), { code: 'ECLOSED' }));
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('end', onClose);
    socket.resume();
  });
}
