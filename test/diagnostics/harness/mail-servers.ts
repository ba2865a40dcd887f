import net from 'node:net';
import tls from 'node:tls';
import type { KeyAndCert } from './certificates';

export type MailProtocol = 'imap' | 'pop3' | 'smtp';

export interface MailServerOptions {
  protocol: MailProtocol;
  /**
   * `tls`: implicit TLS from the first byte. `starttls`: plain greeting, then an upgrade on
   * request. `plain`: greets in clear text (where TLS is expected, the "plain-text server" case).
   * `silent`: accepts connections and never says a word.
   */
  mode: 'tls' | 'starttls' | 'plain' | 'silent';
  certificate?: KeyAndCert;
  /** Pins the TLS version (both minimum and maximum), e.g. 'TLSv1' for an outdated server. */
  tlsVersion?: tls.SecureVersion;
  /** SMTP: whether EHLO (after TLS) offers AUTH PLAIN LOGIN. Default true. */
  smtpAuth?: boolean;
  /** Replaces the protocol's greeting line. */
  greeting?: string;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
}

const GREETINGS: Record<MailProtocol, string> = {
  imap: '* OK [CAPABILITY IMAP4rev1] test IMAP ready',
  pop3: '+OK test POP3 ready',
  smtp: '220-mail.test ESMTP test\r\n220 ready',
};

/**
 * A small mail server on a loopback port that speaks just enough IMAP, POP3 or SMTP for the
 * probes: greeting, STARTTLS/STLS, EHLO, LOGOUT/QUIT. It counts every TCP connection it accepts,
 * so tests can tell what the check connected to. Nothing here accepts a password.
 */
export class TestMailServer {
  connections = 0;
  /** Commands received, in order, over all connections (EHLO, STARTTLS, QUIT…). */
  readonly commands: string[] = [];
  private readonly sockets = new Set<net.Socket>();
  private server!: net.Server;
  port = 0;

  constructor(readonly options: MailServerOptions) {}

  static async start(options: MailServerOptions): Promise<TestMailServer> {
    const server = new TestMailServer(options);
    await server.listen();
    return server;
  }

  private get tlsOptions(): tls.SecureContextOptions {
    const { certificate, tlsVersion } = this.options;
    if (!certificate) throw new Error('a TLS test server needs a certificate');
    return {
      cert: certificate.certPem,
      key: certificate.keyPem,
      ...(tlsVersion && { minVersion: tlsVersion, maxVersion: tlsVersion, ciphers: 'DEFAULT:@SECLEVEL=0' }),
    };
  }

  private get secureContext(): tls.SecureContext {
    return tls.createSecureContext(this.tlsOptions);
  }

  private async listen(): Promise<void> {
    const { mode } = this.options;
    if (mode === 'tls') {
      this.server = tls.createServer(this.tlsOptions, (socket) => this.converse(socket, true));
      (this.server as tls.Server).on('tlsClientError', () => undefined);
    } else {
      this.server = net.createServer((socket) => {
        if (mode !== 'silent') this.converse(socket, false);
      });
    }
    // 'connection' is the raw TCP accept, before any TLS: the count of what the check reached.
    this.server.on('connection', (socket: net.Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, this.options.host ?? '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private converse(socket: net.Socket, secure: boolean): void {
    const { protocol } = this.options;
    socket.on('error', () => undefined);
    socket.write(`${this.options.greeting ?? GREETINGS[protocol]}\r\n`);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        if (this.reply(socket, line, secure, onData)) return;
      }
    };
    socket.on('data', onData);
  }

  /** Answers one command line; true when the connection was handed over to TLS (stop reading here). */
  private reply(socket: net.Socket, line: string, secure: boolean, onData: (chunk: Buffer) => void): boolean {
    const { protocol, mode, smtpAuth = true } = this.options;
    const verb = (protocol === 'imap' ? line.split(' ')[1] ?? '' : line.split(' ')[0]).toUpperCase();
    this.commands.push(verb);
    const upgrade = (answer: string) => {
      socket.off('data', onData);
      socket.write(answer, () => {
        const upgraded = new tls.TLSSocket(socket, { isServer: true, secureContext: this.secureContext });
        upgraded.on('error', () => undefined);
        let buffer = '';
        upgraded.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('latin1');
          let end: number;
          while ((end = buffer.indexOf('\n')) >= 0) {
            const next = buffer.slice(0, end).replace(/\r$/, '');
            buffer = buffer.slice(end + 1);
            this.reply(upgraded, next, true, () => undefined);
          }
        });
      });
      return true;
    };
    if (protocol === 'smtp') {
      if (verb === 'EHLO') {
        const lines = ['250-mail.test hello'];
        if (mode === 'starttls' && !secure) lines.push('250-STARTTLS');
        if (smtpAuth && secure) lines.push('250-AUTH PLAIN LOGIN');
        lines.push('250 8BITMIME');
        socket.write(`${lines.join('\r\n')}\r\n`);
      } else if (verb === 'STARTTLS' && mode === 'starttls' && !secure) return upgrade('220 go ahead\r\n');
      else if (verb === 'QUIT') socket.end('221 bye\r\n');
      else socket.write('502 not here\r\n');
    } else if (protocol === 'imap') {
      const tag = line.split(' ')[0];
      if (verb === 'STARTTLS' && mode === 'starttls' && !secure) return upgrade(`${tag} OK begin TLS\r\n`);
      if (verb === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
      else socket.write(`${tag} BAD not here\r\n`);
    } else {
      if (verb === 'STLS' && mode === 'starttls' && !secure) return upgrade('+OK begin TLS\r\n');
      if (verb === 'QUIT') socket.end('+OK bye\r\n');
      else socket.write('-ERR not here\r\n');
    }
    return false;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback port with nothing listening (a listener is opened, its port noted, and closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
