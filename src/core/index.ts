/**
 * The core's one door: everything outside src/core/ imports the core from here, never a file
 * inside it, so the core can be rearranged (and its understanding rewritten) behind this list.
 */

// Setup files: the account settings as the files mail apps install.
export { CONTENT_TYPES, createSetupFile, isSetupFormat, SETUP_FORMATS, type SetupFile, type SetupFileOptions, type SetupFormat } from './account-files/files';
export { SetupFileError, type SetupFileErrorCode } from './account-files/errors';
export { parseAddress } from './account-files/address';
export { OUTLOOK_RESPONSE_NS } from './account-files/outlook';
export { loadSigningIdentity, SigningMaterialError, type SigningMaterial } from './account-files/signing';
