/**
 * Why a setup file cannot be made. The code lets a chat adapter word the problem in the user's
 * language; `status` is what the HTTP routes answer; the message is one English line that
 * never repeats what the caller sent (it may be hostile, and it ends up in responses and logs).
 */
export type SetupFileErrorCode =
  | 'missing_address'
  | 'invalid_address'
  | 'foreign_domain'
  | 'bad_request'
  | 'incomplete_settings';

const STATUS: Record<SetupFileErrorCode, number> = {
  missing_address: 400,
  invalid_address: 400,
  // The request is well-formed; there is simply no configuration for that domain here.
  foreign_domain: 404,
  bad_request: 400,
  // The knowledge base, not the caller, is at fault.
  incomplete_settings: 500,
};

export class SetupFileError extends Error {
  constructor(
    readonly code: SetupFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SetupFileError';
  }

  get status(): number {
    return STATUS[this.code];
  }
}
