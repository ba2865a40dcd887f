import { redactedConversation, redactedText, redactedTurn } from '../../src/state/redacted';

describe('redaction helpers for stored user text', () => {
  test('a turn keeps its question without the password, and redacting twice changes nothing', () => {
    const turn = redactedTurn({ question: 'mon mot de passe est Hunter2! et smtp ?', intent: 'smtp_auth', answerTitle: 'SMTP' });
    expect(turn).toEqual({ question: 'mon mot de passe est [redacted] et smtp ?', intent: 'smtp_auth', answerTitle: 'SMTP' });
    expect(redactedTurn(turn)).toEqual(turn);
  });

  test('a conversation: every turn, nothing else changed', () => {
    const state = { lang: 'en' as const, intent: 'ports' as const, entities: { client: 'outlook' as const }, turns: [{ question: 'token xoxb-1234567890-abcdef', intent: 'help' as const }] };
    expect(redactedConversation(state)).toEqual({ ...state, turns: [{ question: 'token [redacted]', intent: 'help' }] });
  });

  test('text is cut to the length the logs keep', () => {
    expect(redactedText('a'.repeat(900))).toHaveLength(500);
    expect(redactedText('password: s3cr3t-value', 12)).toBe('password: [r');
  });
});
