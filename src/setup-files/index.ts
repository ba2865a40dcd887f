/** Setup files: what main.ts, chat adapters and the CLI use. */
export { createSetupFile, isSetupFormat, SETUP_FORMATS, CONTENT_TYPES, type SetupFile, type SetupFileOptions, type SetupFormat } from './files';
export { registerSetupFileRoutes, SETUP_FILE_PATHS, type SetupRouteOptions } from './routes';
export { SetupFileError, type SetupFileErrorCode } from './errors';
export { readSigningMaterial, SigningConfigError, SIGNING_ENV } from './signing-env';
export { SigningMaterialError, type SigningMaterial } from './signing';
export { parseAddress } from './address';
