import { XMLParser } from 'fast-xml-parser';
import { decodeChoice } from '../../src/core/choices';
import { ask, createTestBot } from '../helpers/bot';

describe('setup files in chat', () => {
  test('an iPhone profile is attached, with the same host and ports as the chat answer', () => {
    const { reply } = ask('iPhone profile for alice@example.com');
    expect(reply.attachments).toHaveLength(1);
    const [file] = reply.attachments!;
    expect(file).toMatchObject({ filename: 'alice@example.com.mobileconfig', contentType: 'application/x-apple-aspen-config', encoding: 'utf8' });
    expect(file.body).toContain('<string>com.apple.mail.managed</string>');
    expect(file.body).toContain('<string>mail.example.com</string>');
    expect(file.body).toMatch(/IncomingMailServerPortNumber<\/key>\s*<integer>993<\/integer>/);
    expect(file.body).toMatch(/OutgoingMailServerPortNumber<\/key>\s*<integer>465<\/integer>/);
  });

  test('the Thunderbird file is named for the domain and parses as autoconfig', () => {
    const { reply } = ask('thunderbird setup file for bob@acme.org');
    const [file] = reply.attachments!;
    expect(file.filename).toBe('acme.org.xml');
    const xml = new XMLParser({ ignoreAttributes: false }).parse(file.body);
    expect(xml.clientConfig.emailProvider.outgoingServer).toMatchObject({ hostname: 'mail.acme.org', port: 465, socketType: 'SSL' });
  });

  test('without an address, the bot asks for one and the next message completes the request', () => {
    const bot = createTestBot();
    const first = ask('outlook setup file', {}, bot);
    expect(first.reply.attachments).toBeUndefined();
    expect(first.text).toContain('I need your email address');
    const second = ask('carol@shop.example.org', {}, bot);
    expect(second.reply.attachments?.[0].filename).toBe('autodiscover.xml');
    expect(second.reply.attachments?.[0].body).toContain('<Server>mail.shop.example.org</Server>');
  });

  test('a client guide offers the "Get the setup file" button', () => {
    const { reply } = ask('how do I set up my iPhone');
    const button = reply.suggestions?.find((s) => s.label === 'Get the setup file');
    expect(decodeChoice(button?.choice)).toMatchObject({ intent: 'client_setup', client: 'ios_mail', file: true });
  });
});
