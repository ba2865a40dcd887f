/** The setup-file routes of the bot's HTTP server (the files themselves are made by the core). */
export { registerSetupFileRoutes, SETUP_FILE_PATHS, type SetupRouteOptions } from './routes';
